namespace Overlord.Service.Chains;

/// <summary>
/// Smart timeouts (upstream's autodisable, §5.3 of the reference): which direct children are skipped for now. The
/// router asks <see cref="IsDisabled"/> before a call to a tail and hides disabled children from
/// <c>GET /v1/chains</c>; it reports every call's outcome back. Implementations must be thread-safe.
/// </summary>
/// <remarks>
/// The router calls <see cref="RecordFailure"/> only when the child it called is the tail of the path and the call
/// failed with a 5xx or never got an answer (connect error, timeout, broken response), never for a 4xx; it also
/// counts a call it refused because the tail was disabled (upstream does the same). It calls
/// <see cref="RecordSuccess"/> after any 2xx answer through the child, tail or not.
/// </remarks>
public interface IChainHealth
{
    /// <summary>True while calls to <paramref name="chain"/> should be skipped.</summary>
    bool IsDisabled(string chain);

    /// <summary>A counted failure of <paramref name="chain"/> (see remarks for which ones count).</summary>
    void RecordFailure(string chain);

    /// <summary>A successful call through <paramref name="chain"/>.</summary>
    void RecordSuccess(string chain);

    /// <summary>The state of every chain this instance knows about.</summary>
    IReadOnlyList<ChainHealthSnapshot> Snapshot();
}

/// <summary>The smart-timeout state of one child.</summary>
/// <param name="Chain">The chain name.</param>
/// <param name="Failures">Failures counted since the last success.</param>
/// <param name="Disabled">True while calls to it are skipped.</param>
/// <param name="LastFailure">When the last counted failure happened.</param>
/// <param name="DisabledFor">How much longer it stays disabled; null when it is not.</param>
public sealed record ChainHealthSnapshot(string Chain, int Failures, bool Disabled, DateTimeOffset? LastFailure, TimeSpan? DisabledFor);

/// <summary>
/// How a forwarded call is attempted (retries, backoff). Every call a node makes to a child goes through
/// <see cref="SendAsync"/>: chain forwarding and the chain tree.
/// </summary>
/// <remarks>
/// <para><paramref name="send"/> performs one attempt under the chain's per-attempt timeouts (connect, then
/// write + read until the response headers arrive) and returns the response with its headers read and its body not
/// yet read. It may be called any number of times with the same <paramref name="request"/>: every call sends a fresh
/// copy (the request body is buffered, at most the node's request size limit). A response that is not returned to the
/// caller must be disposed.</para>
/// <para>Upstream retries only at the child of a hop (server→child), only for GET, HEAD, PUT, DELETE, OPTIONS and
/// TRACE, on 429/502/503/504 and transport errors; <paramref name="isTail"/> tells whether this child is the end of
/// the path. The overall <c>timeout</c> of the chain, when set, is enforced by the caller through
/// <paramref name="cancellationToken"/>.</para>
/// </remarks>
public interface IChainCallPolicy
{
    /// <summary>Sends <paramref name="request"/> to <paramref name="chain"/>, possibly more than once.</summary>
    Task<HttpResponseMessage> SendAsync(
        string chain,
        bool isTail,
        HttpRequestMessage request,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
        CancellationToken cancellationToken);
}
