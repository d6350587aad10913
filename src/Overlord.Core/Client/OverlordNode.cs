using System.Net;
using System.Text.Json;
using Overlord.Core.Api;
using Refit;

namespace Overlord.Core.Client;

/// <summary>
/// A Refit-free facade over <see cref="IOverlordApi"/> for callers that must not reference Refit (the PowerShell
/// cmdlets load Core through a private load context and see only Core types). Every method takes an optional chain:
/// null or empty addresses the node itself, <c>alpha.charlie</c> the node at the end of that chain. Failures are
/// <see cref="OverlordApiException"/>; cancellation through the token stays <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class OverlordNode : IDisposable
{
    private readonly IDisposable _owner;

    /// <summary>A facade for the node at <paramref name="address"/> that sends <paramref name="token"/>.</summary>
    public OverlordNode(Uri address, string token, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        Address = address;
        var client = OverlordClient.Create(address, token, new OverlordClientOptions { Timeout = timeout ?? TimeSpan.FromSeconds(100) });
        Api = client.Api;
        _owner = client;
    }

    /// <summary>A facade over a client built elsewhere (a spec's datacenter settings); disposing it disposes <paramref name="owner"/>.</summary>
    internal OverlordNode(Uri address, IOverlordApi api, IDisposable owner)
    {
        Address = address;
        Api = api;
        _owner = owner;
    }

    /// <summary>A facade over <paramref name="client"/>, which it owns from now on.</summary>
    internal OverlordNode(Uri address, OverlordApiClient client)
        : this(address, client.Api, client)
    {
    }

    /// <summary>The node's base address.</summary>
    public Uri Address { get; }

    internal IOverlordApi Api { get; }

    /// <summary><c>GET [/v1/chain/{chain}]/v1/ping</c>: throws unless the node is up and accepts the token.</summary>
    public Task PingAsync(string? chain, CancellationToken cancellationToken) =>
        CallAsync(chain, "ping", c => c is null ? Api.GetPingAsync(cancellationToken) : Api.GetChainPingAsync(c, cancellationToken), cancellationToken);

    /// <summary>The node's labels.</summary>
    public async Task<IReadOnlyList<string>> GetLabelsAsync(string? chain, CancellationToken cancellationToken) =>
        (await CallAsync(chain, "labels", c => c is null ? Api.GetLabelsAsync(cancellationToken) : Api.GetChainLabelsAsync(c, cancellationToken), cancellationToken).ConfigureAwait(false)).Labels;

    /// <summary>The node's direct, enabled children.</summary>
    public async Task<IReadOnlyList<string>> GetChainsAsync(string? chain, CancellationToken cancellationToken) =>
        (await CallAsync(chain, "chains", c => c is null ? Api.GetChainsAsync(cancellationToken) : Api.GetChainChainsAsync(c, cancellationToken), cancellationToken).ConfigureAwait(false)).Chains;

    /// <summary>The node's labels and the whole tree of chains below it.</summary>
    public Task<ChainTreeReply> GetChainTreeAsync(string? chain, CancellationToken cancellationToken) =>
        CallAsync(chain, "chains/tree", c => c is null ? Api.GetChainsTreeAsync(cancellationToken) : Api.GetChainChainsTreeAsync(c, cancellationToken), cancellationToken);

    /// <summary>The smart-timeout state of each direct child.</summary>
    public async Task<IReadOnlyList<ChainStats>> GetChainStatsAsync(string? chain, CancellationToken cancellationToken) =>
        (await CallAsync(chain, "chains/stats", c => c is null ? Api.GetChainsStatsAsync(cancellationToken) : Api.GetChainChainsStatsAsync(c, cancellationToken), cancellationToken).ConfigureAwait(false)).Chains;

    /// <summary>The jail names of the host.</summary>
    public async Task<IReadOnlyList<string>> GetJailsAsync(string? chain, CancellationToken cancellationToken) =>
        (await CallAsync(chain, "jails", c => c is null ? Api.GetJailsAsync(cancellationToken) : Api.GetChainJailsAsync(c, cancellationToken), cancellationToken).ConfigureAwait(false)).Jails;

    /// <summary>The configured keywords of a jail.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetJailInfoAsync(string? chain, string jail, CancellationToken cancellationToken) =>
        (await CallAsync(chain, "jail/info", c => c is null ? Api.GetJailInfoAsync(jail, cancellationToken) : Api.GetChainJailInfoAsync(c, jail, cancellationToken), cancellationToken).ConfigureAwait(false)).Info;

    /// <summary>The jail items <see cref="GetJailItemAsync"/> reads, as upstream names them in <c>/v1/jail/{item}/{jail}</c>.</summary>
    public static IReadOnlyList<string> JailItems { get; } =
        ["stats", "info", "cpuset", "devfs", "expose", "healthcheck", "limits", "fstab", "labels", "nat", "volumes"];

    /// <summary>
    /// One item of a jail (<see cref="JailItems"/>): stats and info as dictionaries, cpuset as text, the others as
    /// lists of key/value rows (null when the jail has none).
    /// </summary>
    public async Task<object?> GetJailItemAsync(string? chain, string jail, string item, CancellationToken cancellationToken)
    {
        var route = $"jail/{item}/{jail}";
        return item switch
        {
            "stats" => (await CallAsync(chain, route, c => c is null ? Api.GetJailStatsAsync(jail, cancellationToken) : Api.GetChainJailStatsAsync(c, jail, cancellationToken), cancellationToken).ConfigureAwait(false)).Stats,
            "info" => (await CallAsync(chain, route, c => c is null ? Api.GetJailInfoAsync(jail, cancellationToken) : Api.GetChainJailInfoAsync(c, jail, cancellationToken), cancellationToken).ConfigureAwait(false)).Info,
            "cpuset" => (await CallAsync(chain, route, c => c is null ? Api.GetJailCpusetAsync(jail, cancellationToken) : Api.GetChainJailCpusetAsync(c, jail, cancellationToken), cancellationToken).ConfigureAwait(false)).Cpuset,
            "devfs" => (await CallAsync(chain, route, c => c is null ? Api.GetJailDevfsAsync(jail, cancellationToken) : Api.GetChainJailDevfsAsync(c, jail, cancellationToken), cancellationToken).ConfigureAwait(false)).Devfs,
            "expose" => (await CallAsync(chain, route, c => c is null ? Api.GetJailExposeAsync(jail, cancellationToken) : Api.GetChainJailExposeAsync(c, jail, cancellationToken), cancellationToken).ConfigureAwait(false)).Expose,
            "healthcheck" => (await CallAsync(chain, route, c => c is null ? Api.GetJailHealthcheckAsync(jail, cancellationToken) : Api.GetChainJailHealthcheckAsync(c, jail, cancellationToken), cancellationToken).ConfigureAwait(false)).Healthcheck,
            "limits" => (await CallAsync(chain, route, c => c is null ? Api.GetJailLimitsAsync(jail, cancellationToken) : Api.GetChainJailLimitsAsync(c, jail, cancellationToken), cancellationToken).ConfigureAwait(false)).Limits,
            "fstab" => (await CallAsync(chain, route, c => c is null ? Api.GetJailFstabAsync(jail, cancellationToken) : Api.GetChainJailFstabAsync(c, jail, cancellationToken), cancellationToken).ConfigureAwait(false)).Fstab,
            "labels" => (await CallAsync(chain, route, c => c is null ? Api.GetJailLabelsAsync(jail, cancellationToken) : Api.GetChainJailLabelsAsync(c, jail, cancellationToken), cancellationToken).ConfigureAwait(false)).Labels,
            "nat" => (await CallAsync(chain, route, c => c is null ? Api.GetJailNatAsync(jail, cancellationToken) : Api.GetChainJailNatAsync(c, jail, cancellationToken), cancellationToken).ConfigureAwait(false)).Nat,
            "volumes" => (await CallAsync(chain, route, c => c is null ? Api.GetJailVolumesAsync(jail, cancellationToken) : Api.GetChainJailVolumesAsync(c, jail, cancellationToken), cancellationToken).ConfigureAwait(false)).Volumes,
            _ => throw new ArgumentOutOfRangeException(nameof(item), item, "Not a jail item."),
        };
    }

    /// <summary>Each rctl resource summed over the host's jails.</summary>
    public async Task<IReadOnlyDictionary<string, long>> GetServerStatsAsync(string? chain, CancellationToken cancellationToken) =>
        (await CallAsync(chain, "stats", c => c is null ? Api.GetServerStatsAsync(cancellationToken) : Api.GetChainServerStatsAsync(c, cancellationToken), cancellationToken).ConfigureAwait(false)).Stats;

    /// <summary>The Director projects of the node.</summary>
    public async Task<IReadOnlyList<string>> GetProjectsAsync(string? chain, CancellationToken cancellationToken) =>
        (await CallAsync(chain, "projects", c => c is null ? Api.GetProjectsAsync(cancellationToken) : Api.GetChainProjectsAsync(c, cancellationToken), cancellationToken).ConfigureAwait(false)).Projects;

    /// <summary>What the node knows of a project; 404 when nothing.</summary>
    public async Task<ProjectInfo> GetProjectInfoAsync(string? chain, string project, CancellationToken cancellationToken) =>
        (await CallAsync(chain, "project/info/" + project, c => c is null ? Api.GetProjectInfoAsync(project, cancellationToken) : Api.GetChainProjectInfoAsync(c, project, cancellationToken), cancellationToken).ConfigureAwait(false)).Info;

    /// <summary>Every namespace name.</summary>
    public async Task<IReadOnlyList<string>> GetNamespacesAsync(string? chain, CancellationToken cancellationToken) =>
        (await CallAsync(chain, "namespace", c => c is null ? Api.GetNamespaceListAsync(cancellationToken) : Api.GetChainNamespaceListAsync(c, cancellationToken), cancellationToken).ConfigureAwait(false)).Namespaces;

    /// <summary>The files and directories of a namespace; 404 when it does not exist.</summary>
    public async Task<IReadOnlyList<NamespaceEntry>> GetNamespaceAsync(string? chain, string name, CancellationToken cancellationToken) =>
        (await CallAsync(chain, "namespace/" + name, c => c is null ? Api.GetNamespaceAsync(name, cancellationToken) : Api.GetChainNamespaceAsync(c, name, cancellationToken), cancellationToken).ConfigureAwait(false)).Namespace;

    /// <summary>AppJail's log tree: type → entity → subtype → files.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>>> GetJailLogTreeAsync(string? chain, CancellationToken cancellationToken) =>
        (await CallAsync(chain, "jails/logs", c => c is null ? Api.GetJailsLogsAsync(cancellationToken) : Api.GetChainJailsLogsAsync(c, cancellationToken), cancellationToken).ConfigureAwait(false)).Logs;

    /// <summary>One AppJail log, ANSI escapes stripped.</summary>
    public async Task<string> GetJailLogAsync(string? chain, string type, string entity, string subtype, string log, CancellationToken cancellationToken) =>
        (await CallAsync(chain, $"jail/log/{type}/{entity}/{subtype}/{log}", c => c is null ? Api.GetJailLogAsync(type, entity, subtype, log, cancellationToken) : Api.GetChainJailLogAsync(c, type, entity, subtype, log, cancellationToken), cancellationToken).ConfigureAwait(false)).LogContent;

    /// <summary>Director's log tree: date → service → files.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>> GetProjectLogTreeAsync(string? chain, CancellationToken cancellationToken) =>
        (await CallAsync(chain, "projects/logs", c => c is null ? Api.GetProjectsLogsAsync(cancellationToken) : Api.GetChainProjectsLogsAsync(c, cancellationToken), cancellationToken).ConfigureAwait(false)).Logs;

    /// <summary>One Director log, ANSI escapes stripped.</summary>
    public async Task<string> GetProjectLogAsync(string? chain, string date, string service, string log, CancellationToken cancellationToken) =>
        (await CallAsync(chain, $"projects/log/{date}/{service}/{log}", c => c is null ? Api.GetProjectLogAsync(date, service, log, cancellationToken) : Api.GetChainProjectLogAsync(c, date, service, log, cancellationToken), cancellationToken).ConfigureAwait(false)).LogContent;

    /// <summary>
    /// Lines of one AppJail log, read from the response stream: those after the first <paramref name="skip"/>, of
    /// them the last <paramref name="tail"/> (all when null); an unterminated last line only with
    /// <paramref name="includePartial"/>.
    /// </summary>
    public Task<LogLines> GetJailLogLinesAsync(string? chain, string type, string entity, string subtype, string log, long skip, int? tail, bool includePartial, CancellationToken cancellationToken) =>
        ReadLinesAsync(chain, $"jail/log/{type}/{entity}/{subtype}/{log}", c => c is null ? Api.StreamJailLogAsync(type, entity, subtype, log, cancellationToken) : Api.StreamChainJailLogAsync(c, type, entity, subtype, log, cancellationToken), skip, tail, includePartial, cancellationToken);

    /// <summary>Lines of one Director log; see <see cref="GetJailLogLinesAsync"/>.</summary>
    public Task<LogLines> GetProjectLogLinesAsync(string? chain, string date, string service, string log, long skip, int? tail, bool includePartial, CancellationToken cancellationToken) =>
        ReadLinesAsync(chain, $"projects/log/{date}/{service}/{log}", c => c is null ? Api.StreamProjectLogAsync(date, service, log, cancellationToken) : Api.StreamChainProjectLogAsync(c, date, service, log, cancellationToken), skip, tail, includePartial, cancellationToken);

    private async Task<LogLines> ReadLinesAsync(string? chain, string route, Func<string?, Task<Stream>> call, long skip, int? tail, bool includePartial, CancellationToken cancellationToken)
    {
        var stream = await CallAsync(chain, route, call, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return LogLineReader.Read(stream, skip, tail, includePartial, cancellationToken);
            }
            catch (FormatException e)
            {
                throw new OverlordApiException(e.Message, Route(chain, route), HttpStatusCode.OK, e);
            }
            catch (IOException e)
            {
                throw new OverlordApiException($"The answer broke off: {e.Message}", Route(chain, route), null, e);
            }
        }
    }

    /// <summary>The last VM job's record of <paramref name="vm"/>; 404 when the node has none.</summary>
    public async Task<VmStatus> GetVmStatusAsync(string? chain, string vm, CancellationToken cancellationToken) =>
        (await CallAsync(chain, "vm/" + vm, c => c is null ? Api.GetVmStatusAsync(vm, cancellationToken) : Api.GetChainVmStatusAsync(c, vm, cancellationToken), cancellationToken).ConfigureAwait(false)).Status;

    /// <summary>The autoscaler's state of <paramref name="project"/>; 404 when absent or expired.</summary>
    public async Task<AutoscaleStatus> GetAutoscaleStatusAsync(string? chain, string project, CancellationToken cancellationToken) =>
        (await CallAsync(chain, "project/autoscale/" + project, c => c is null ? Api.GetAutoscaleStatusAsync(project, cancellationToken) : Api.GetChainAutoscaleStatusAsync(c, project, cancellationToken), cancellationToken).ConfigureAwait(false)).Status;

    /// <summary>Every metadata key.</summary>
    public async Task<IReadOnlyList<string>> GetMetadataKeysAsync(string? chain, CancellationToken cancellationToken) =>
        (await CallAsync(chain, "metadata", c => c is null ? Api.GetMetadataListAsync(cancellationToken) : Api.GetChainMetadataListAsync(c, cancellationToken), cancellationToken).ConfigureAwait(false)).Metadata;

    /// <summary>One metadata value; 404 when the key does not exist.</summary>
    public async Task<string> GetMetadataAsync(string? chain, string key, CancellationToken cancellationToken) =>
        (await CallAsync(chain, "metadata/" + key, c => c is null ? Api.GetMetadataAsync(key, cancellationToken) : Api.GetChainMetadataAsync(c, key, cancellationToken), cancellationToken).ConfigureAwait(false)).Metadata;

    /// <summary><c>HEAD</c> of a metadata key: true when it exists.</summary>
    public Task<bool> MetadataExistsAsync(string? chain, string key, CancellationToken cancellationToken) =>
        HeadAsync(chain, "metadata/" + key, c => c is null ? Api.CheckMetadataAsync(key, cancellationToken) : Api.CheckChainMetadataAsync(c, key, cancellationToken), cancellationToken);

    /// <summary>Stores a metadata value: <c>PUT</c> when the key exists (HEAD first, as upstream's client does), <c>POST</c> otherwise. Returns true when it was created.</summary>
    public Task<bool> SetMetadataAsync(string? chain, string key, string value, CancellationToken cancellationToken) =>
        CallAsync(chain, "metadata/" + key, c => MetadataWrites.UpsertAsync(Api, c, key, value, check => ExistsAsync(check, Route(c, "metadata/" + key)), cancellationToken), cancellationToken);

    /// <summary>Deletes a metadata key; 404 when it does not exist.</summary>
    public async Task RemoveMetadataAsync(string? chain, string key, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(chain, "metadata/" + key, c => c is null ? Api.DeleteMetadataAsync(key, cancellationToken) : Api.DeleteChainMetadataAsync(c, key, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Failed(response.StatusCode, response.Error, Route(chain, "metadata/" + key));
        }
    }

    /// <summary><c>POST [/v1/chain/{chain}]/v1/project/down/{project}</c>: queues the project's destruction; returns the job id.</summary>
    public async Task<long> DownProjectAsync(string? chain, string project, bool force, CancellationToken cancellationToken)
    {
        var body = new ProjectDownRequest(null, force);
        return (await CallAsync(chain, "project/down/" + project, c => c is null ? Api.DownProjectAsync(project, body, cancellationToken) : Api.DownChainProjectAsync(c, project, body, cancellationToken), cancellationToken).ConfigureAwait(false)).JobId;
    }

    /// <summary><c>POST [/v1/chain/{chain}]/v1/project/cancel/{project}</c>: queues the cancellation of the project's jobs; returns the job id.</summary>
    public async Task<long> CancelProjectAsync(string? chain, string project, CancellationToken cancellationToken) =>
        (await CallAsync(chain, "project/cancel/" + project, c => c is null ? Api.CancelProjectAsync(project, cancellationToken) : Api.CancelChainProjectAsync(c, project, cancellationToken), cancellationToken).ConfigureAwait(false)).JobId;

    /// <summary><c>GET [/v1/chain/{chain}]/v1/jobs/{id}</c>: one job of the node's store; 404 when unknown.</summary>
    public Task<JobReply> GetJobAsync(string? chain, long id, CancellationToken cancellationToken) =>
        CallAsync(chain, "jobs/" + id.ToString(System.Globalization.CultureInfo.InvariantCulture), c => c is null ? Api.GetJobAsync(id, cancellationToken) : Api.GetChainJobAsync(c, id, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _owner.Dispose();

    private Task<bool> HeadAsync(string? chain, string route, Func<string?, Task<IApiResponse>> call, CancellationToken cancellationToken) =>
        CallAsync(chain, route, c => ExistsAsync(call(c), Route(c, route)), cancellationToken);

    /// <summary>A HEAD answer: true on success, false on 404, the node's refusal otherwise.</summary>
    private static async Task<bool> ExistsAsync(Task<IApiResponse> head, Uri address)
    {
        using var response = await head.ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return true;
        }
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        throw Failed(response.StatusCode, response.Error, address);
    }

    private async Task<T> CallAsync<T>(string? chain, string route, Func<string?, Task<T>> call, CancellationToken cancellationToken)
    {
        var target = string.IsNullOrEmpty(chain) ? null : chain;
        try
        {
            return await call(target).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            throw Refused(e.StatusCode, e.Content, Route(target, route), e);
        }
        catch (ApiRequestException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The call was cancelled.", e, cancellationToken);
        }
        catch (ApiRequestException e)
        {
            // No response at all (Refit wraps the transport failure).
            var inner = e.InnerException;
            var message = inner is null ? e.Message : inner.InnerException is { } cause ? $"{inner.Message} ({cause.Message})" : inner.Message;
            throw new OverlordApiException(message, Route(target, route), null, e);
        }
        catch (HttpRequestException e)
        {
            var message = e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
            throw new OverlordApiException(message, Route(target, route), null, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OverlordApiException("The call timed out.", Route(target, route), null, e);
        }
        catch (JsonException e)
        {
            throw new OverlordApiException($"The node's answer could not be read: {e.Message}", Route(target, route), HttpStatusCode.OK, e);
        }
    }

    private static OverlordApiException Failed(HttpStatusCode? status, Exception? error, Uri address) => status is { } code
        ? Refused(code, (error as ApiException)?.Content, address, error)
        : new OverlordApiException(error?.InnerException?.Message ?? error?.Message ?? "The node did not answer.", address, null, error);

    private Uri Route(string? chain, string route) =>
        new(Address, string.IsNullOrEmpty(chain) ? $"/v1/{route}" : $"/v1/chain/{chain}/{route}");

    private static OverlordApiException Refused(HttpStatusCode status, string? content, Uri address, Exception? inner) =>
        new(MessageOf(status, content), address, status, inner);

    /// <summary>The node's text: upstream's <c>message</c>, chain failures' <c>error</c> too, ProblemDetails' <c>detail</c>.</summary>
    internal static string MessageOf(HttpStatusCode status, string? content)
    {
        if (!string.IsNullOrWhiteSpace(content))
        {
            try
            {
                using var doc = JsonDocument.Parse(content);
                var root = doc.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    var message = Text(root, "message") ?? Text(root, "detail") ?? Text(root, "title");
                    var error = Text(root, "error");
                    var entry = Text(root, "entrypoint");
                    if (message is not null)
                    {
                        return error is null ? message : $"{error} at chain '{entry}': {message}";
                    }
                }
            }
            catch (JsonException)
            {
                return content.Trim();
            }
        }
        return $"The node answered {(int)status} {status}.";
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
