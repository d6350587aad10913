using Refit;

namespace Overlord.Core.Api;

/// <summary>
/// The wire contract of a node: every route it serves, as upstream spells it. Create an implementation with
/// <see cref="OverlordClient.Create(Uri, string, OverlordClientOptions?)"/>, which also sends the token. Methods taking a
/// <c>chain</c> address a node below this one by its dotted path (<c>alpha.charlie</c>); the path is sent as one
/// URL segment with its dots as they are. A failed call throws Refit's <see cref="ApiException"/>, whose content is the
/// upstream error body (<see cref="ErrorReply"/> or <see cref="ChainFailureReply"/>) or, on our own routes,
/// ProblemDetails.
/// </summary>
public interface IOverlordApi
{
    /// <summary><c>GET /v1/ping</c>: is the node up and does it accept the token.</summary>
    [Get("/v1/ping")]
    Task<PingReply> GetPingAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /v1/labels</c>: the node's labels.</summary>
    [Get("/v1/labels")]
    Task<LabelsReply> GetLabelsAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chains</c>: the node's direct children, minus disabled ones.</summary>
    [Get("/v1/chains")]
    Task<ChainsReply> GetChainsAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/ping</c>: ping the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/ping")]
    Task<PingReply> GetChainPingAsync(string chain, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/labels</c>: labels of the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/labels")]
    Task<LabelsReply> GetChainLabelsAsync(string chain, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/chains</c>: children of the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/chains")]
    Task<ChainsReply> GetChainChainsAsync(string chain, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chains/tree</c> (ours): this node's labels and the whole tree below it.</summary>
    [Get("/v1/chains/tree")]
    Task<ChainTreeReply> GetChainsTreeAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/chains/tree</c> (ours): the tree below the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/chains/tree")]
    Task<ChainTreeReply> GetChainChainsTreeAsync(string chain, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chains/stats</c> (ours): smart-timeout state of the node's direct children.</summary>
    [Get("/v1/chains/stats")]
    Task<ChainStatsReply> GetChainsStatsAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/chains/stats</c> (ours): the same, seen from the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/chains/stats")]
    Task<ChainStatsReply> GetChainChainsStatsAsync(string chain, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/jails</c>: the jails of the node.</summary>
    [Get("/v1/jails")]
    Task<JailsReply> GetJailsAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/jails</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/jails")]
    Task<JailsReply> GetChainJailsAsync(string chain, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/stats</c>: rctl usage summed over the node's jails.</summary>
    [Get("/v1/stats")]
    Task<ServerStatsReply> GetServerStatsAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/stats</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/stats")]
    Task<ServerStatsReply> GetChainServerStatsAsync(string chain, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/jail/stats/{jail}</c>: the stats of a jail (404 when the node has no such jail).</summary>
    [Get("/v1/jail/stats/{jail}")]
    Task<JailStatsReply> GetJailStatsAsync(string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/jail/stats/{jail}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/jail/stats/{jail}")]
    Task<JailStatsReply> GetChainJailStatsAsync(string chain, string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/jail/info/{jail}</c>: the info of a jail (404 when the node has no such jail).</summary>
    [Get("/v1/jail/info/{jail}")]
    Task<JailInfoReply> GetJailInfoAsync(string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/jail/info/{jail}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/jail/info/{jail}")]
    Task<JailInfoReply> GetChainJailInfoAsync(string chain, string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/jail/cpuset/{jail}</c>: the cpuset of a jail (404 when the node has no such jail).</summary>
    [Get("/v1/jail/cpuset/{jail}")]
    Task<JailCpusetReply> GetJailCpusetAsync(string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/jail/cpuset/{jail}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/jail/cpuset/{jail}")]
    Task<JailCpusetReply> GetChainJailCpusetAsync(string chain, string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/jail/devfs/{jail}</c>: the devfs of a jail (404 when the node has no such jail).</summary>
    [Get("/v1/jail/devfs/{jail}")]
    Task<JailDevfsReply> GetJailDevfsAsync(string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/jail/devfs/{jail}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/jail/devfs/{jail}")]
    Task<JailDevfsReply> GetChainJailDevfsAsync(string chain, string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/jail/expose/{jail}</c>: the expose of a jail (404 when the node has no such jail).</summary>
    [Get("/v1/jail/expose/{jail}")]
    Task<JailExposeReply> GetJailExposeAsync(string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/jail/expose/{jail}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/jail/expose/{jail}")]
    Task<JailExposeReply> GetChainJailExposeAsync(string chain, string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/jail/healthcheck/{jail}</c>: the healthcheck of a jail (404 when the node has no such jail).</summary>
    [Get("/v1/jail/healthcheck/{jail}")]
    Task<JailHealthcheckReply> GetJailHealthcheckAsync(string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/jail/healthcheck/{jail}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/jail/healthcheck/{jail}")]
    Task<JailHealthcheckReply> GetChainJailHealthcheckAsync(string chain, string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/jail/limits/{jail}</c>: the limits of a jail (404 when the node has no such jail).</summary>
    [Get("/v1/jail/limits/{jail}")]
    Task<JailLimitsReply> GetJailLimitsAsync(string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/jail/limits/{jail}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/jail/limits/{jail}")]
    Task<JailLimitsReply> GetChainJailLimitsAsync(string chain, string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/jail/fstab/{jail}</c>: the fstab of a jail (404 when the node has no such jail).</summary>
    [Get("/v1/jail/fstab/{jail}")]
    Task<JailFstabReply> GetJailFstabAsync(string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/jail/fstab/{jail}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/jail/fstab/{jail}")]
    Task<JailFstabReply> GetChainJailFstabAsync(string chain, string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/jail/labels/{jail}</c>: the labels of a jail (404 when the node has no such jail).</summary>
    [Get("/v1/jail/labels/{jail}")]
    Task<JailLabelsReply> GetJailLabelsAsync(string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/jail/labels/{jail}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/jail/labels/{jail}")]
    Task<JailLabelsReply> GetChainJailLabelsAsync(string chain, string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/jail/nat/{jail}</c>: the nat of a jail (404 when the node has no such jail).</summary>
    [Get("/v1/jail/nat/{jail}")]
    Task<JailNatReply> GetJailNatAsync(string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/jail/nat/{jail}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/jail/nat/{jail}")]
    Task<JailNatReply> GetChainJailNatAsync(string chain, string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/jail/volumes/{jail}</c>: the volumes of a jail (404 when the node has no such jail).</summary>
    [Get("/v1/jail/volumes/{jail}")]
    Task<JailVolumesReply> GetJailVolumesAsync(string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/jail/volumes/{jail}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/jail/volumes/{jail}")]
    Task<JailVolumesReply> GetChainJailVolumesAsync(string chain, string jail, CancellationToken cancellationToken);

    /// <summary><c>HEAD /v1/jail/info/{jail}</c>: 200 when the node has the jail, 404 otherwise (no body).</summary>
    [Head("/v1/jail/info/{jail}")]
    Task<IApiResponse> CheckJailAsync(string jail, CancellationToken cancellationToken);

    /// <summary><c>HEAD /v1/chain/{chain}/jail/info/{jail}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Head("/v1/chain/{chain}/jail/info/{jail}")]
    Task<IApiResponse> CheckChainJailAsync(string chain, string jail, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/jails/logs</c>: AppJail's log tree (type → entity → subtype → files).</summary>
    [Get("/v1/jails/logs")]
    Task<JailsLogsReply> GetJailsLogsAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/jails/logs</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/jails/logs")]
    Task<JailsLogsReply> GetChainJailsLogsAsync(string chain, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/jail/log/{type}/{entity}/{subtype}/{log}</c>: one AppJail log with ANSI escapes stripped.</summary>
    [Get("/v1/jail/log/{type}/{entity}/{subtype}/{log}")]
    Task<LogContentReply> GetJailLogAsync(string type, string entity, string subtype, string log, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/jail/log/{type}/{entity}/{subtype}/{log}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/jail/log/{type}/{entity}/{subtype}/{log}")]
    Task<LogContentReply> GetChainJailLogAsync(string chain, string type, string entity, string subtype, string log, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/projects</c>: the Director projects of the node.</summary>
    [Get("/v1/projects")]
    Task<ProjectsReply> GetProjectsAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/projects</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/projects")]
    Task<ProjectsReply> GetChainProjectsAsync(string chain, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/project/info/{project}</c>: describe data and last job records of a project (404 when the node knows nothing of it).</summary>
    [Get("/v1/project/info/{project}")]
    Task<ProjectInfoReply> GetProjectInfoAsync(string project, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/project/info/{project}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/project/info/{project}")]
    Task<ProjectInfoReply> GetChainProjectInfoAsync(string chain, string project, CancellationToken cancellationToken);

    /// <summary><c>HEAD /v1/project/info/{project}</c>: 200 when the node lists the project, 404 otherwise (no body).</summary>
    [Head("/v1/project/info/{project}")]
    Task<IApiResponse> CheckProjectAsync(string project, CancellationToken cancellationToken);

    /// <summary><c>HEAD /v1/chain/{chain}/project/info/{project}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Head("/v1/chain/{chain}/project/info/{project}")]
    Task<IApiResponse> CheckChainProjectAsync(string chain, string project, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/projects/logs</c>: Director's log tree (date → service → files).</summary>
    [Get("/v1/projects/logs")]
    Task<ProjectsLogsReply> GetProjectsLogsAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/projects/logs</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/projects/logs")]
    Task<ProjectsLogsReply> GetChainProjectsLogsAsync(string chain, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/projects/log/{date}/{service}/{log}</c>: one Director log with ANSI escapes stripped.</summary>
    [Get("/v1/projects/log/{date}/{service}/{log}")]
    Task<LogContentReply> GetProjectLogAsync(string date, string service, string log, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/projects/log/{date}/{service}/{log}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/projects/log/{date}/{service}/{log}")]
    Task<LogContentReply> GetChainProjectLogAsync(string chain, string date, string service, string log, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="GetJailLogAsync"/>'s answer as an unread stream (<c>{"log_content": …}</c>), so a client can keep
    /// only the lines it wants of a large log. The caller disposes it.
    /// </summary>
    [Get("/v1/jail/log/{type}/{entity}/{subtype}/{log}")]
    Task<Stream> StreamJailLogAsync(string type, string entity, string subtype, string log, CancellationToken cancellationToken);

    /// <summary><see cref="StreamJailLogAsync"/> on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/jail/log/{type}/{entity}/{subtype}/{log}")]
    Task<Stream> StreamChainJailLogAsync(string chain, string type, string entity, string subtype, string log, CancellationToken cancellationToken);

    /// <summary><see cref="GetProjectLogAsync"/>'s answer as an unread stream; the caller disposes it.</summary>
    [Get("/v1/projects/log/{date}/{service}/{log}")]
    Task<Stream> StreamProjectLogAsync(string date, string service, string log, CancellationToken cancellationToken);

    /// <summary><see cref="StreamProjectLogAsync"/> on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/projects/log/{date}/{service}/{log}")]
    Task<Stream> StreamChainProjectLogAsync(string chain, string date, string service, string log, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/vm/{vm}</c>: the last VM job's record.</summary>
    [Get("/v1/vm/{vm}")]
    Task<VmStatusReply> GetVmStatusAsync(string vm, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/vm/{vm}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/vm/{vm}")]
    Task<VmStatusReply> GetChainVmStatusAsync(string chain, string vm, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/project/autoscale/{project}</c>: the autoscaler's state of a project.</summary>
    [Get("/v1/project/autoscale/{project}")]
    Task<AutoscaleStatusReply> GetAutoscaleStatusAsync(string project, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/project/autoscale/{project}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/project/autoscale/{project}")]
    Task<AutoscaleStatusReply> GetChainAutoscaleStatusAsync(string chain, string project, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/metadata</c>: every metadata key.</summary>
    [Get("/v1/metadata")]
    Task<MetadataListReply> GetMetadataListAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/metadata</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/metadata")]
    Task<MetadataListReply> GetChainMetadataListAsync(string chain, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/metadata/{key}</c>: one metadata value (404 <c>Metadata cannot be found.</c>).</summary>
    [Get("/v1/metadata/{key}")]
    Task<MetadataReply> GetMetadataAsync(string key, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/metadata/{key}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/metadata/{key}")]
    Task<MetadataReply> GetChainMetadataAsync(string chain, string key, CancellationToken cancellationToken);

    /// <summary><c>HEAD /v1/metadata/{key}</c>: 200 when the key exists, 404 otherwise.</summary>
    [Head("/v1/metadata/{key}")]
    Task<IApiResponse> CheckMetadataAsync(string key, CancellationToken cancellationToken);

    /// <summary><c>HEAD /v1/chain/{chain}/metadata/{key}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Head("/v1/chain/{chain}/metadata/{key}")]
    Task<IApiResponse> CheckChainMetadataAsync(string chain, string key, CancellationToken cancellationToken);

    /// <summary><c>POST /v1/metadata/{key}</c>: 201; an existing key is left as it is (upstream).</summary>
    [Post("/v1/metadata/{key}")]
    Task<MessageReply> CreateMetadataAsync(string key, [Body] MetadataWriteRequest body, CancellationToken cancellationToken);

    /// <summary><c>POST /v1/chain/{chain}/metadata/{key}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Post("/v1/chain/{chain}/metadata/{key}")]
    Task<MessageReply> CreateChainMetadataAsync(string chain, string key, [Body] MetadataWriteRequest body, CancellationToken cancellationToken);

    /// <summary><c>PUT /v1/metadata/{key}</c>: 200; 404 when the key does not exist.</summary>
    [Put("/v1/metadata/{key}")]
    Task<MessageReply> UpdateMetadataAsync(string key, [Body] MetadataWriteRequest body, CancellationToken cancellationToken);

    /// <summary><c>PUT /v1/chain/{chain}/metadata/{key}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Put("/v1/chain/{chain}/metadata/{key}")]
    Task<MessageReply> UpdateChainMetadataAsync(string chain, string key, [Body] MetadataWriteRequest body, CancellationToken cancellationToken);

    /// <summary><c>DELETE /v1/metadata/{key}</c>: 204; 404 when the key does not exist.</summary>
    [Delete("/v1/metadata/{key}")]
    Task<IApiResponse> DeleteMetadataAsync(string key, CancellationToken cancellationToken);

    /// <summary><c>DELETE /v1/chain/{chain}/metadata/{key}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Delete("/v1/chain/{chain}/metadata/{key}")]
    Task<IApiResponse> DeleteChainMetadataAsync(string chain, string key, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/namespace</c>: every namespace.</summary>
    [Get("/v1/namespace")]
    Task<NamespaceListReply> GetNamespaceListAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/namespace</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/namespace")]
    Task<NamespaceListReply> GetChainNamespaceListAsync(string chain, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/namespace/{name}</c>: the files and directories of a namespace (404 <c>Namespace cannot be found.</c>).</summary>
    [Get("/v1/namespace/{name}")]
    Task<NamespaceReply> GetNamespaceAsync(string name, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/namespace/{name}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/namespace/{name}")]
    Task<NamespaceReply> GetChainNamespaceAsync(string chain, string name, CancellationToken cancellationToken);

    /// <summary><c>HEAD /v1/namespace/{name}</c>: 200 when the namespace exists, 404 otherwise.</summary>
    [Head("/v1/namespace/{name}")]
    Task<IApiResponse> CheckNamespaceAsync(string name, CancellationToken cancellationToken);

    /// <summary><c>HEAD /v1/chain/{chain}/namespace/{name}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Head("/v1/chain/{chain}/namespace/{name}")]
    Task<IApiResponse> CheckChainNamespaceAsync(string chain, string name, CancellationToken cancellationToken);

    /// <summary><c>POST /v1/namespace/{name}</c>: 201; an existing namespace is left as it is (upstream).</summary>
    [Post("/v1/namespace/{name}")]
    Task<MessageReply> CreateNamespaceAsync(string name, [Body] NamespaceWriteRequest body, CancellationToken cancellationToken);

    /// <summary><c>POST /v1/chain/{chain}/namespace/{name}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Post("/v1/chain/{chain}/namespace/{name}")]
    Task<MessageReply> CreateChainNamespaceAsync(string chain, string name, [Body] NamespaceWriteRequest body, CancellationToken cancellationToken);

    /// <summary><c>PUT /v1/namespace/{name}</c>: 200; the namespace is wiped and rewritten (created when absent).</summary>
    [Put("/v1/namespace/{name}")]
    Task<MessageReply> UpdateNamespaceAsync(string name, [Body] NamespaceWriteRequest body, CancellationToken cancellationToken);

    /// <summary><c>PUT /v1/chain/{chain}/namespace/{name}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Put("/v1/chain/{chain}/namespace/{name}")]
    Task<MessageReply> UpdateChainNamespaceAsync(string chain, string name, [Body] NamespaceWriteRequest body, CancellationToken cancellationToken);

    /// <summary><c>DELETE /v1/namespace/{name}</c>: 204; 404 when the namespace does not exist.</summary>
    [Delete("/v1/namespace/{name}")]
    Task<IApiResponse> DeleteNamespaceAsync(string name, CancellationToken cancellationToken);

    /// <summary><c>DELETE /v1/chain/{chain}/namespace/{name}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Delete("/v1/chain/{chain}/namespace/{name}")]
    Task<IApiResponse> DeleteChainNamespaceAsync(string chain, string name, CancellationToken cancellationToken);

    /// <summary><c>POST /v1/project/up/{project}</c>: queue a deployment (create job); answers its <c>job_id</c>.</summary>
    [Post("/v1/project/up/{project}")]
    Task<JobIdReply> UpProjectAsync(string project, [Body] ProjectUpRequest body, CancellationToken cancellationToken);

    /// <summary><c>POST /v1/chain/{chain}/project/up/{project}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Post("/v1/chain/{chain}/project/up/{project}")]
    Task<JobIdReply> UpChainProjectAsync(string chain, string project, [Body] ProjectUpRequest body, CancellationToken cancellationToken);

    /// <summary><c>POST /v1/project/down/{project}</c>: queue a destroy job; answers its <c>job_id</c>.</summary>
    [Post("/v1/project/down/{project}")]
    Task<JobIdReply> DownProjectAsync(string project, [Body] ProjectDownRequest body, CancellationToken cancellationToken);

    /// <summary><c>POST /v1/chain/{chain}/project/down/{project}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Post("/v1/chain/{chain}/project/down/{project}")]
    Task<JobIdReply> DownChainProjectAsync(string chain, string project, [Body] ProjectDownRequest body, CancellationToken cancellationToken);

    /// <summary><c>POST /v1/project/cancel/{project}</c>: stop the project's running job and drop its queued ones; answers the cancel job's <c>job_id</c>.</summary>
    [Post("/v1/project/cancel/{project}")]
    Task<JobIdReply> CancelProjectAsync(string project, CancellationToken cancellationToken);

    /// <summary><c>POST /v1/chain/{chain}/project/cancel/{project}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Post("/v1/chain/{chain}/project/cancel/{project}")]
    Task<JobIdReply> CancelChainProjectAsync(string chain, string project, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/jobs/{id}</c> (our route): one job with its status history; 404 ProblemDetails when unknown.</summary>
    [Get("/v1/jobs/{id}")]
    Task<JobReply> GetJobAsync(long id, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/chain/{chain}/jobs/{id}</c>: the same on the node at the end of <paramref name="chain"/>.</summary>
    [Get("/v1/chain/{chain}/jobs/{id}")]
    Task<JobReply> GetChainJobAsync(string chain, long id, CancellationToken cancellationToken);
}
