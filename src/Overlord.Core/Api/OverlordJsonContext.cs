using System.Text.Json.Serialization;

namespace Overlord.Core.Api;

/// <summary>
/// Source-generated JSON metadata for every reply of <see cref="IOverlordApi"/>. Names come from the records'
/// <see cref="JsonPropertyNameAttribute"/>s (upstream's spelling), so no naming policy is set.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(PingReply))]
[JsonSerializable(typeof(LabelsReply))]
[JsonSerializable(typeof(ChainsReply))]
[JsonSerializable(typeof(ErrorReply))]
[JsonSerializable(typeof(ChainFailureReply))]
[JsonSerializable(typeof(ChainTreeReply))]
[JsonSerializable(typeof(ChainStatsReply))]
public sealed partial class OverlordJsonContext : JsonSerializerContext;
