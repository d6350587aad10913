using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Overlord.Core.Api;
using Overlord.Core.Chains;
using Overlord.Core.Config;
using Overlord.Service.Hosting;

namespace Overlord.Service.Chains;

/// <summary>
/// Builds <c>/v1/chains/tree</c>: this node's labels and, asked in parallel, each child's own tree. A child that is an
/// upstream node (404 for the tree route) is walked with <c>chains</c> + <c>labels</c> calls instead. Every branch
/// has a time budget (the chain's timeout, shrunk by what the caller allows) so a dead or slow branch becomes an
/// error entry while the rest of the tree answers.
/// </summary>
public sealed class ChainTree(
    ChainClients clients,
    IChainHealth health,
    IChainCallPolicy policy,
    NodeConfig config,
    ServerIdentity identity,
    ILogger<ChainTree> logger)
{
    // Bounds the walk through upstream nodes, which have no loop protection of their own.
    private const int MaxFallbackNodes = 256;

    /// <summary>The tree below this node, for the request <paramref name="incoming"/>.</summary>
    public async Task<ChainTreeReply> BuildAsync(HttpRequest incoming, CancellationToken cancellationToken)
    {
        var budget = HopHeaders.IncomingBudget(incoming);
        var branches = await Task.WhenAll(clients.All.Select(c => BranchAsync(c, incoming, budget, cancellationToken))).ConfigureAwait(false);
        return new ChainTreeReply(StatusCodes.Status200OK, config.Labels, branches);
    }

    private async Task<ChainTreeNode> BranchAsync(ChainClient client, HttpRequest incoming, TimeSpan? callerBudget, CancellationToken cancellationToken)
    {
        if (config.Autodisable.Enabled && health.IsDisabled(client.Name))
        {
            return Failed(client.Name, ChainFailure.Disabled);
        }
        var budget = callerBudget is { } caller ? Min(client.TreeBudget, Shrink(caller)) : client.TreeBudget;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget);
        try
        {
            using var response = await SendAsync(client, "/v1/chains/tree", incoming, Shrink(budget), deadline.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status == StatusCodes.Status404NotFound)
            {
                // An upstream child has no tree route: walk it the way upstream's client does.
                var walk = new Walk(client, incoming, Shrink(budget));
                var node = await WalkAsync(walk, client.Name, ChainPath.Root, 0, deadline.Token).ConfigureAwait(false);
                if (node.Error is null)
                {
                    health.RecordSuccess(client.Name);
                }
                return node;
            }
            if (status is < 200 or > 299)
            {
                var failure = ChainFailure.FromStatus(status, response.RequestMessage?.RequestUri);
                return Record(client, failure);
            }
            var reply = await ReadAsync(response, OverlordJsonContext.Default.ChainTreeReply, deadline.Token).ConfigureAwait(false);
            health.RecordSuccess(client.Name);
            return new ChainTreeNode(client.Name, reply.Labels, reply.Chains, null);
        }
        // The branch's deadline and the call policy's per-attempt timeout can both end a slow call; either way
        // the branch timed out, and it reads the same.
        catch (Exception e) when (e is TimeoutException || e is OperationCanceledException && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Record(client, new ChainFailure(StatusCodes.Status504GatewayTimeout, "ReadTimeout", $"No tree within {budget.TotalSeconds:0.###} s.", true));
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return Record(client, ChainFailure.FromException(e));
        }
        catch (JsonException e)
        {
            return Record(client, new ChainFailure(StatusCodes.Status502BadGateway, "DecodingError", e.Message, false));
        }
    }

    private ChainTreeNode Record(ChainClient client, ChainFailure failure)
    {
        if (failure.Counts)
        {
            health.RecordFailure(client.Name);
        }
        Log.TreeBranchFailed(logger, client.Name, failure.StatusCode, failure.Error, failure.Message);
        return Failed(client.Name, failure);
    }

    private sealed class Walk(ChainClient client, HttpRequest incoming, TimeSpan budget)
    {
        private int _visited;

        public ChainClient Client { get; } = client;

        public HttpRequest Incoming { get; } = incoming;

        public TimeSpan Budget { get; } = budget;

        public bool TryVisit() => Interlocked.Increment(ref _visited) <= MaxFallbackNodes;
    }

    /// <summary>Labels and children of the node at <paramref name="below"/> under an upstream child, recursively.</summary>
    private async Task<ChainTreeNode> WalkAsync(Walk walk, string name, ChainPath below, int depth, CancellationToken cancellationToken)
    {
        if (depth >= HopHeaders.MaxHops || !walk.TryVisit())
        {
            return Failed(name, new ChainFailure(StatusCodes.Status508LoopDetected, "LoopDetected", "The tree is deeper or larger than this node walks through upstream nodes.", false));
        }
        var prefix = below.IsRoot ? "/v1/" : $"/v1/chain/{below}/";
        try
        {
            var labelsTask = GetAsync(walk, prefix + "labels", OverlordJsonContext.Default.LabelsReply, cancellationToken);
            var chainsTask = GetAsync(walk, prefix + "chains", OverlordJsonContext.Default.ChainsReply, cancellationToken);
            var labels = await labelsTask.ConfigureAwait(false);
            var chains = await chainsTask.ConfigureAwait(false);
            var children = await Task.WhenAll(chains.Chains.Select(c => WalkAsync(walk, c, below.Append(c), depth + 1, cancellationToken))).ConfigureAwait(false);
            return new ChainTreeNode(name, labels.Labels, children, null);
        }
        catch (ChainCallFailedException e)
        {
            return Failed(name, e.Failure);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or IOException)
        {
            return Failed(name, ChainFailure.FromException(e));
        }
        catch (JsonException e)
        {
            return Failed(name, new ChainFailure(StatusCodes.Status502BadGateway, "DecodingError", e.Message, false));
        }
    }

    private async Task<T> GetAsync<T>(Walk walk, string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(walk.Client, path, walk.Incoming, walk.Budget, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status is < 200 or > 299)
        {
            throw new ChainCallFailedException(ChainFailure.FromStatus(status, response.RequestMessage?.RequestUri));
        }
        return await ReadAsync(response, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(ChainClient client, string path, HttpRequest incoming, TimeSpan budget, CancellationToken cancellationToken)
    {
        using var request = client.CreateRequest(HttpMethod.Get, path, body: null, contentType: null);
        HopHeaders.Stamp(request, incoming, identity.Id);
        request.Headers.TryAddWithoutValidation(HopHeaders.BudgetMilliseconds, ((long)budget.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return await policy.SendAsync(client.Name, isTail: true, request, client.SendOnceAsync, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken).ConfigureAwait(false)
        ?? throw new JsonException("The child answered an empty body.");

    private static ChainTreeNode Failed(string name, ChainFailure failure) =>
        new(name, null, null, new ChainTreeError(failure.StatusCode, failure.Error, failure.Message));

    // What a child may spend of our budget: leave it room to answer before we give up on it.
    private static TimeSpan Shrink(TimeSpan budget) =>
        Max(budget - Max(budget / 10, TimeSpan.FromMilliseconds(100)), TimeSpan.FromMilliseconds(50));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class ChainCallFailedException(ChainFailure failure) : Exception(failure.Message)
    {
        public ChainFailure Failure { get; } = failure;
    }
}
