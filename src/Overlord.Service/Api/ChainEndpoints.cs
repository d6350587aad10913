using Microsoft.AspNetCore.Http.HttpResults;
using Overlord.Core.Api;
using Overlord.Core.Config;
using Overlord.Service.Chains;

namespace Overlord.Service.Api;

/// <summary>
/// Chains: upstream's <c>GET /v1/chains[/]</c>, the one generic router <c>/v1/chain/&lt;path&gt;/&lt;route&gt;</c>, and our
/// own <c>GET /v1/chains/tree</c> and <c>GET /v1/chains/stats</c> (ProblemDetails on errors).
/// </summary>
public static class ChainEndpoints
{
    /// <summary>Maps the upstream routes on <paramref name="v1"/> and ours on <paramref name="own"/>.</summary>
    public static void MapChains(this RouteGroupBuilder v1, RouteGroupBuilder own)
    {
        v1.Map("/chains", List).Allow("GET").ExcludeFromDescription();
        v1.Map("/chain/{path}/{**route}", Forward).WithMetadata(new ChainRouteMetadata()).ExcludeFromDescription();

        own.MapGet("/chains/tree", Tree)
            .WithName("GetChainsTree")
            .WithSummary("The labels of this node and of every node below it, asked in parallel.")
            .WithDescription("A child that is down or too slow appears with an error entry; the rest of the tree still answers.");
        own.MapGet("/chains/stats", Stats)
            .WithName("GetChainsStats")
            .WithSummary("Smart-timeout state of each direct child: failures counted, disabled or not, and for how long.");
    }

    /// <summary>The direct children, hiding those smart timeouts disabled (when <c>autodisable.enabled</c>).</summary>
    public static JsonHttpResult<ChainsReply> List(ChainClients clients, IChainHealth health, NodeConfig config)
    {
        var names = clients.All
            .Select(c => c.Name)
            .Where(name => !config.Autodisable.Enabled || !health.IsDisabled(name))
            .ToList();
        return UpstreamJson.Result(new ChainsReply(StatusCodes.Status200OK, names), UpstreamJson.Context.ChainsReply);
    }

    /// <summary>Forwards any method on any route down the chain.</summary>
    public static Task Forward(HttpContext context, ChainRouter router, string path, string? route) =>
        router.ForwardAsync(context, path, route ?? "");

    /// <summary>The chain tree below this node.</summary>
    public static async Task<Ok<ChainTreeReply>> Tree(HttpContext context, ChainTree tree) =>
        TypedResults.Ok(await tree.BuildAsync(context.Request, context.RequestAborted).ConfigureAwait(false));

    /// <summary>Smart-timeout state of each enabled direct child, in config order.</summary>
    public static Ok<ChainStatsReply> Stats(ChainClients clients, IChainHealth health)
    {
        var snapshot = health.Snapshot().ToDictionary(s => s.Chain, StringComparer.Ordinal);
        var chains = clients.All.Select(c => snapshot.TryGetValue(c.Name, out var s)
                ? new ChainStats(c.Name, s.Failures, s.Disabled, s.LastFailure, s.DisabledFor?.TotalSeconds)
                : new ChainStats(c.Name, 0, health.IsDisabled(c.Name), null, null))
            .ToList();
        return TypedResults.Ok(new ChainStatsReply(StatusCodes.Status200OK, chains));
    }
}
