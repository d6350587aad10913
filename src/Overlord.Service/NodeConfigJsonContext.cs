using System.Text.Json.Serialization;
using Overlord.Core.Config;

namespace Overlord.Service;

/// <summary>
/// Source-generated JSON metadata for <c>print-config</c>. Key names come from the model's
/// <see cref="JsonPropertyNameAttribute"/>s, which spell upstream's YAML keys.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(NodeConfig))]
internal sealed partial class NodeConfigJsonContext : JsonSerializerContext;
