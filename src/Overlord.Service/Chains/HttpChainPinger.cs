using Overlord.Core.Config;

namespace Overlord.Service.Chains;

/// <summary>
/// Pings a child with <c>GET /v1/ping</c> and its access token, through <see cref="IChainCallPolicy"/> as a tail
/// call, so a ping gets the chain's timeouts and bounded retries, as upstream's heartbeat gets its retrying client.
/// Each chain gets one connection pool whose connect timeout is the chain's <c>connect_timeout</c>.
/// </summary>
public sealed class HttpChainPinger : IChainPinger, IDisposable
{
    private readonly IReadOnlyDictionary<string, ChainConfig> _chains;
    private readonly IChainCallPolicy _policy;
    private readonly Dictionary<string, HttpMessageInvoker> _clients = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>Creates a pinger for the chains of <paramref name="config"/>.</summary>
    public HttpChainPinger(NodeConfig config, IChainCallPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(config);
        _chains = config.Chains;
        _policy = policy;
    }

    /// <inheritdoc />
    public async Task<bool> PingAsync(string chain, CancellationToken ct)
    {
        if (!_chains.TryGetValue(chain, out var settings))
        {
            return false;
        }
        var client = Client(chain, settings);
        using var request = new HttpRequestMessage(HttpMethod.Get, PingUri(settings.Entrypoint));
        request.Headers.TryAddWithoutValidation("Authentication", "Bearer " + settings.AccessToken);
        using var response = await _policy.SendAsync(chain, isTail: true, request, client.SendAsync, ct).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    /// <summary>The ping URL of an entrypoint, with or without a trailing slash.</summary>
    public static Uri PingUri(string entrypoint)
    {
        ArgumentNullException.ThrowIfNull(entrypoint);
        return new Uri(entrypoint.TrimEnd('/') + "/v1/ping", UriKind.Absolute);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var client in _clients.Values)
            {
                client.Dispose();
            }
            _clients.Clear();
        }
    }

    private HttpMessageInvoker Client(string chain, ChainConfig settings)
    {
        lock (_gate)
        {
            if (!_clients.TryGetValue(chain, out var client))
            {
                var handler = new SocketsHttpHandler
                {
                    PooledConnectionIdleTimeout = TimeSpan.FromSeconds(Math.Max(1, settings.KeepaliveExpiry)),
                    MaxConnectionsPerServer = Math.Max(1, settings.MaxConnections),
                };
                if (settings.ConnectTimeout is > 0)
                {
                    handler.ConnectTimeout = TimeSpan.FromSeconds(settings.ConnectTimeout.Value);
                }
                client = new HttpMessageInvoker(handler, disposeHandler: true);
                _clients.Add(chain, client);
            }
            return client;
        }
    }
}
