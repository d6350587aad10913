using System.Net;
using System.Text.Json;
using Overlord.Core.Api;
using Refit;

namespace Overlord.Core.Placement;

/// <summary>
/// Calls that address a node by its optional chain (null = the datacenter's own node), as upstream's client does with
/// its <c>chain=None</c> argument, and the one-line text of a failed call.
/// </summary>
public static class ChainCalls
{
    /// <summary><c>GET [/v1/chain/{chain}]/v1/labels</c>.</summary>
    public static Task<LabelsReply> GetLabelsAtAsync(this IOverlordApi api, string? chain, CancellationToken cancellationToken) =>
        chain is null ? api.GetLabelsAsync(cancellationToken) : api.GetChainLabelsAsync(chain, cancellationToken);

    /// <summary><c>GET [/v1/chain/{chain}]/v1/chains</c>.</summary>
    public static Task<ChainsReply> GetChainsAtAsync(this IOverlordApi api, string? chain, CancellationToken cancellationToken) =>
        chain is null ? api.GetChainsAsync(cancellationToken) : api.GetChainChainsAsync(chain, cancellationToken);

    /// <summary><c>GET [/v1/chain/{chain}]/v1/chains/tree</c> (ours; an upstream node answers 404).</summary>
    public static Task<ChainTreeReply> GetChainsTreeAtAsync(this IOverlordApi api, string? chain, CancellationToken cancellationToken) =>
        chain is null ? api.GetChainsTreeAsync(cancellationToken) : api.GetChainChainsTreeAsync(chain, cancellationToken);

    /// <summary><c>GET [/v1/chain/{chain}]/v1/metadata/{key}</c>.</summary>
    public static Task<MetadataReply> GetMetadataAtAsync(this IOverlordApi api, string? chain, string key, CancellationToken cancellationToken) =>
        chain is null ? api.GetMetadataAsync(key, cancellationToken) : api.GetChainMetadataAsync(chain, key, cancellationToken);

    /// <summary>
    /// True for the failures a walk survives: an HTTP error status, no answer, a timeout, an unreadable body. A
    /// cancellation asked for by <paramref name="cancellationToken"/> is not one of them.
    /// </summary>
    public static bool IsCallFailure(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        // Refit wraps a call that got no response at all (refused, DNS, timeout) in ApiRequestException.
        ApiRequestException => !cancellationToken.IsCancellationRequested,
        ApiException or HttpRequestException or JsonException or IOException => true,
        _ => false,
    };

    /// <summary>A one-line description of a failed call: status and the node's message when it answered.</summary>
    public static string Describe(Exception e) => e switch
    {
        ApiRequestException { InnerException: { } inner } => Describe(inner),
        ApiException api => $"{(int)api.StatusCode} {MessageOf(api)}",
        OperationCanceledException => "the call timed out",
        HttpRequestException http => http.InnerException is { } inner ? $"{http.Message} ({inner.Message})" : http.Message,
        ApiRequestException request => request.InnerException is { } cause ? Describe(cause) : request.Message,
        _ => e.Message,
    };

    /// <summary>True when <paramref name="e"/> is an HTTP answer with <paramref name="status"/>.</summary>
    public static bool HasStatus(Exception e, HttpStatusCode status) => e is ApiException api && api.StatusCode == status;

    private static string MessageOf(ApiException e)
    {
        // Upstream bodies carry "message" (and chain failures "error"); ProblemDetails carry "detail".
        if (!string.IsNullOrWhiteSpace(e.Content))
        {
            try
            {
                using var doc = JsonDocument.Parse(e.Content);
                if (doc.RootElement.ValueKind == JsonValueKind.Object)
                {
                    var root = doc.RootElement;
                    var message = Text(root, "message") ?? Text(root, "detail") ?? Text(root, "title");
                    var kind = Text(root, "error");
                    if (message is not null)
                    {
                        return kind is null ? message : $"{kind}: {message}";
                    }
                }
            }
            catch (JsonException)
            {
            }
        }
        return e.ReasonPhrase ?? e.StatusCode.ToString();
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
