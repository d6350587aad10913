namespace Overlord.Service.Chains;

/// <summary>
/// Pings a child with <c>GET /v1/ping</c> through <see cref="IChainCallPolicy"/> as a tail call, so a ping gets the
/// chain's timeouts and bounded retries, as upstream's heartbeat gets its retrying client. It uses the router's
/// per-chain clients, so the chain's <c>cacert</c>, pool and token apply to heartbeats as to forwarded calls.
/// </summary>
public sealed class HttpChainPinger : IChainPinger
{
    private readonly ChainClients _clients;
    private readonly IChainCallPolicy _policy;

    /// <summary>Creates a pinger over the node's chain clients.</summary>
    public HttpChainPinger(ChainClients clients, IChainCallPolicy policy)
    {
        _clients = clients;
        _policy = policy;
    }

    /// <inheritdoc />
    public async Task<bool> PingAsync(string chain, CancellationToken ct)
    {
        if (!_clients.TryGet(chain, out var client))
        {
            return false;
        }
        using var request = client.CreateRequest(HttpMethod.Get, "/v1/ping", body: null, contentType: null);
        using var response = await _policy.SendAsync(chain, isTail: true, request, client.SendOnceAsync, ct).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }
}
