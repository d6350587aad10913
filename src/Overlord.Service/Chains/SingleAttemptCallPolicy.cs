namespace Overlord.Service.Chains;

/// <summary>The default <see cref="IChainCallPolicy"/>: one attempt, under the chain's per-attempt timeouts.</summary>
public sealed class SingleAttemptCallPolicy : IChainCallPolicy
{
    /// <inheritdoc />
    public Task<HttpResponseMessage> SendAsync(
        string chain,
        bool isTail,
        HttpRequestMessage request,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
        CancellationToken cancellationToken) => send(request, cancellationToken);
}
