using System.Buffers;
using System.Text.RegularExpressions;
using Overlord.Core.Api;
using Overlord.Core.Chains;
using Overlord.Core.Config;
using Overlord.Service.Api;
using Overlord.Service.Hosting;

namespace Overlord.Service.Chains;

/// <summary>
/// The one router behind <c>/v1/chain/&lt;path&gt;/&lt;route&gt;</c>, for every route and method: it resolves the first
/// hop among this node's chains and forwards the call (method, query string, body) to that child, at
/// <c>/v1/chain/&lt;rest&gt;/&lt;route&gt;</c> or, at the tail, <c>/v1/&lt;route&gt;</c>, with the chain's token. A 2xx answer
/// is streamed back unchanged; anything else becomes upstream's failure body.
/// </summary>
public sealed partial class ChainRouter(
    ChainClients clients,
    IChainHealth health,
    IChainCallPolicy policy,
    NodeConfig config,
    ServerIdentity identity,
    ILogger<ChainRouter> logger)
{
    private const int CopyBufferSize = 16 * 1024;

    // Upstream's URL pattern for the path segment; a segment that does not match has no route (404).
    [GeneratedRegex("^[a-zA-Z0-9_][a-zA-Z0-9._-]*$")]
    private static partial Regex RoutablePath();

    /// <summary>True when upstream's URL pattern would route <paramref name="path"/> to a chain handler.</summary>
    public static bool IsRoutablePath(string path) => RoutablePath().IsMatch(path);

    /// <summary>Forwards the current request down <paramref name="pathText"/> for <paramref name="route"/>.</summary>
    public async Task ForwardAsync(HttpContext context, string pathText, string route)
    {
        var request = context.Request;
        if (!ChainPath.TryParse(pathText, out var path, out var pathError) || path.IsRoot)
        {
            // Upstream raises outside its handler here and answers 500; a bad path is the caller's mistake.
            await UpstreamJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, $"Invalid chain: {pathError ?? "empty path"}").ConfigureAwait(false);
            return;
        }
        var hop = path.First;
        if (!clients.TryGet(hop, out var client))
        {
            await UpstreamJson.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Next entrypoint '{hop}' cannot be found.").ConfigureAwait(false);
            return;
        }
        var hops = HopHeaders.IncomingHops(request);
        if (hops >= HopHeaders.MaxHops)
        {
            Log.TooManyHops(logger, request.Path, hops);
            await UpstreamJson.WriteErrorAsync(context, StatusCodes.Status508LoopDetected,
                $"Loop Detected: the call has already been forwarded {hops} times (at most {HopHeaders.MaxHops}).").ConfigureAwait(false);
            return;
        }

        var rest = path.Rest;
        var tail = rest.IsRoot;
        var restText = rest.ToString();
        var function = ChainFunctions.For(request.Method, route);
        if (tail && config.Autodisable.Enabled && config.Autodisable.Strict && health.IsDisabled(hop))
        {
            // Upstream counts the refusal too, so the penalty grows while clients insist.
            health.RecordFailure(hop);
            Log.ChainRefusedDisabled(logger, function, hop);
            await WriteFailureAsync(context, ChainFailure.Disabled, function, hop, restText).ConfigureAwait(false);
            return;
        }

        var target = (tail ? "/v1/" : $"/v1/chain/{restText}/") + route;
        var pathAndQuery = new PathString(target).ToUriComponent() + request.QueryString.ToUriComponent();
        var body = context.Features.Get<BufferedRequestBody>()?.Bytes;
        using var outgoing = client.CreateRequest(new HttpMethod(request.Method), pathAndQuery, body, request.ContentType);
        HopHeaders.Stamp(outgoing, request, identity.Id);

        using var overall = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (client.OverallTimeout is { } limit)
        {
            overall.CancelAfter(limit);
        }
        Log.ChainConnecting(logger, function, hop, restText);
        HttpResponseMessage response;
        try
        {
            response = await policy.SendAsync(hop, tail, outgoing, client.SendOnceAsync, overall.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the caller went away; nobody to answer
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or OperationCanceledException or IOException)
        {
            var failure = overall.IsCancellationRequested && e is OperationCanceledException
                ? new ChainFailure(StatusCodes.Status503ServiceUnavailable, "ReadTimeout", $"No answer within the chain timeout ({client.OverallTimeout?.TotalSeconds:0.###} s).", true)
                : ChainFailure.FromException(e);
            await FailAsync(context, failure, function, hop, restText, tail).ConfigureAwait(false);
            return;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status is < 200 or > 299)
            {
                await FailAsync(context, ChainFailure.FromStatus(status, response.RequestMessage?.RequestUri ?? outgoing.RequestUri), function, hop, restText, tail).ConfigureAwait(false);
                return;
            }
            health.RecordSuccess(hop);
            await RelayAsync(context, response, client, function, hop, restText, tail, overall.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Streams a 2xx answer back without buffering it; each read waits at most the chain's read timeout.</summary>
    private async Task RelayAsync(HttpContext context, HttpResponseMessage response, ChainClient client, string function, string hop, string rest, bool tail, CancellationToken cancellationToken)
    {
        var target = context.Response;
        target.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } contentType)
        {
            target.ContentType = contentType.ToString();
        }
        if (response.Content.Headers.ContentLength is { } length && (int)response.StatusCode != StatusCodes.Status204NoContent)
        {
            target.ContentLength = length;
        }
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        using var read = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await using var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (client.ReadTimeout is { } limit)
                {
                    read.CancelAfter(limit);
                }
                var count = await source.ReadAsync(buffer.AsMemory(0, CopyBufferSize), read.Token).ConfigureAwait(false);
                if (count == 0)
                {
                    break;
                }
                await target.Body.WriteAsync(buffer.AsMemory(0, count), context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            var failure = e is OperationCanceledException
                ? new ChainFailure(StatusCodes.Status503ServiceUnavailable, "ReadTimeout", "The answer stopped arriving.", true)
                : ChainFailure.FromException(e, connected: true);
            if (!target.HasStarted)
            {
                target.Headers.ContentLength = null;
                await FailAsync(context, failure, function, hop, rest, tail).ConfigureAwait(false);
                return;
            }
            // Part of the answer is already on its way: the only honest signal left is a broken connection.
            Log.ChainStreamBroken(logger, hop, failure.Error);
            context.Abort();
        }
        catch (OperationCanceledException)
        {
            // The caller went away.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task FailAsync(HttpContext context, ChainFailure failure, string function, string hop, string rest, bool tail)
    {
        if (tail && failure.Counts)
        {
            health.RecordFailure(hop);
        }
        Log.ChainFailed(logger, function, hop, rest, failure.StatusCode, failure.Error, failure.Message);
        await WriteFailureAsync(context, failure, function, hop, rest).ConfigureAwait(false);
    }

    private static Task WriteFailureAsync(HttpContext context, ChainFailure failure, string function, string hop, string rest) =>
        UpstreamJson.WriteAsync(
            context,
            failure.StatusCode,
            new ChainFailureReply(failure.StatusCode, function, hop, rest, failure.Error, failure.Message),
            UpstreamJson.Context.ChainFailureReply);
}
