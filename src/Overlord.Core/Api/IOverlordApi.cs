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
}
