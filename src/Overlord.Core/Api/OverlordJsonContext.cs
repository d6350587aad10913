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
[JsonSerializable(typeof(JailsReply))]
[JsonSerializable(typeof(ServerStatsReply))]
[JsonSerializable(typeof(JailStatsReply))]
[JsonSerializable(typeof(JailInfoReply))]
[JsonSerializable(typeof(JailCpusetReply))]
[JsonSerializable(typeof(JailDevfsReply))]
[JsonSerializable(typeof(JailExposeReply))]
[JsonSerializable(typeof(JailHealthcheckReply))]
[JsonSerializable(typeof(JailLimitsReply))]
[JsonSerializable(typeof(JailFstabReply))]
[JsonSerializable(typeof(JailLabelsReply))]
[JsonSerializable(typeof(JailNatReply))]
[JsonSerializable(typeof(JailVolumesReply))]
[JsonSerializable(typeof(JailsLogsReply))]
[JsonSerializable(typeof(LogContentReply))]
[JsonSerializable(typeof(ProjectsReply))]
[JsonSerializable(typeof(ProjectInfoReply))]
[JsonSerializable(typeof(ProjectsLogsReply))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
[JsonSerializable(typeof(MetadataListReply))]
[JsonSerializable(typeof(MetadataReply))]
[JsonSerializable(typeof(MetadataWriteRequest))]
[JsonSerializable(typeof(MessageReply))]
[JsonSerializable(typeof(NamespaceListReply))]
[JsonSerializable(typeof(NamespaceReply))]
[JsonSerializable(typeof(NamespaceWriteRequest))]
[JsonSerializable(typeof(ProjectUpRequest))]
[JsonSerializable(typeof(ProjectDownRequest))]
[JsonSerializable(typeof(JobIdReply))]
[JsonSerializable(typeof(JobReply))]
[JsonSerializable(typeof(VmStatusReply))]
[JsonSerializable(typeof(AutoscaleStatusReply))]
public sealed partial class OverlordJsonContext : JsonSerializerContext;
