using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Overlord.Core.Api;
using Overlord.Core.Specs;

namespace Overlord.Core.Placement;

/// <summary>Gives the planner (and the executor after it) a client per datacenter; tests inject fakes.</summary>
public interface IDatacenterClientFactory
{
    /// <summary>
    /// The client for <paramref name="datacenter"/>. Throws <see cref="DatacenterClientException"/> when one cannot be
    /// built (no entrypoint, bad URL, unreadable cacert); the planner reports that datacenter as unreachable.
    /// </summary>
    IOverlordApi GetClient(string datacenter, DatacenterSpec spec);
}

/// <summary>A datacenter's client could not be built.</summary>
public sealed class DatacenterClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DatacenterClientException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// Builds one <see cref="OverlordClient"/> per datacenter from the spec's <c>entrypoint</c>, <c>access_token</c>,
/// timeouts, pool settings and <c>cacert</c>, and keeps it until disposed.
/// </summary>
public sealed class DatacenterClientFactory : IDatacenterClientFactory, IDisposable
{
    private readonly Dictionary<string, OverlordApiClient> _clients = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <inheritdoc />
    public IOverlordApi GetClient(string datacenter, DatacenterSpec spec)
    {
        lock (_gate)
        {
            if (_clients.TryGetValue(datacenter, out var existing))
            {
                return existing.Api;
            }
            var client = CreateClient(datacenter, spec);
            _clients[datacenter] = client;
            return client.Api;
        }
    }

    /// <summary>
    /// A new client for <paramref name="datacenter"/> (entrypoint, access token, timeouts, pool, cacert), owned by the
    /// caller. Throws <see cref="DatacenterClientException"/>.
    /// </summary>
    public static OverlordApiClient CreateClient(string datacenter, DatacenterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var address = BaseAddress(datacenter, spec);
        if (string.IsNullOrEmpty(spec.AccessToken))
        {
            throw new DatacenterClientException($"datacenters.{datacenter}.access_token is not set.");
        }
        return OverlordClient.Create(address, spec.AccessToken, new OverlordClientOptions
        {
            InnerHandler = CreateHandler(datacenter, spec),
            Timeout = CallTimeout(spec),
        });
    }

    /// <summary>The datacenter's entrypoint as an absolute http(s) URL.</summary>
    public static Uri BaseAddress(string datacenter, DatacenterSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Entrypoint))
        {
            throw new DatacenterClientException($"datacenters.{datacenter}.entrypoint is not set.");
        }
        if (!Uri.TryCreate(spec.Entrypoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new DatacenterClientException($"datacenters.{datacenter}.entrypoint '{spec.Entrypoint}' is not an http(s) URL.");
        }
        return uri;
    }

    /// <summary>
    /// One call's budget. httpx bounds each phase; HttpClient has one overall timeout, so a positive <c>timeout</c>
    /// wins, else connect + read (a negative one of them means no limit, as in upstream).
    /// </summary>
    public static TimeSpan CallTimeout(DatacenterSpec spec)
    {
        if (spec.Timeout > 0)
        {
            return TimeSpan.FromSeconds(spec.Timeout);
        }
        if (spec.Timeout < 0 || spec.ReadTimeout < 0 || spec.ConnectTimeout < 0)
        {
            return Timeout.InfiniteTimeSpan;
        }
        return TimeSpan.FromSeconds(Math.Max(1, spec.ConnectTimeout + spec.ReadTimeout));
    }

    private static SocketsHttpHandler CreateHandler(string datacenter, DatacenterSpec spec)
    {
        // max_keepalive_connections has no SocketsHttpHandler equivalent: idle connections are bounded by
        // max_connections and keepalive_expiry.
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = (int)Math.Clamp(spec.MaxConnections, 1, int.MaxValue),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(Math.Max(0, spec.KeepaliveExpiry)),
            ConnectTimeout = spec.ConnectTimeout > 0 ? TimeSpan.FromSeconds(spec.ConnectTimeout) : Timeout.InfiniteTimeSpan,
        };
        if (spec.CaCert is { } caCert)
        {
            handler.SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = TrustOnly(datacenter, caCert) };
        }
        return handler;
    }

    /// <summary>Trusts the PEM certificates in <paramref name="caCert"/> and nothing else, as Python's <c>create_default_context(cafile=...)</c>.</summary>
    private static X509ChainPolicy TrustOnly(string datacenter, string caCert)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(caCert);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new DatacenterClientException($"datacenters.{datacenter}.cacert '{caCert}': {e.Message}", e);
        }
        if (roots.Count == 0)
        {
            throw new DatacenterClientException($"datacenters.{datacenter}.cacert '{caCert}': no PEM certificate found.");
        }
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(roots);
        return policy;
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
}
