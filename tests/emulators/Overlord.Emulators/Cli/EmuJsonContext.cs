using System.Text.Json.Serialization;

namespace Overlord.Emulators.Cli;

/// <summary>Source-generated serializers: the emulator never uses reflection-based JSON (start-up cost).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<FaultRule>))]
[JsonSerializable(typeof(JournalEntry))]
[JsonSerializable(typeof(Dictionary<string, long>))]
internal sealed partial class EmuJsonContext : JsonSerializerContext;
