using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Overlord.Core.Api;
using Overlord.Core.Config;
using Overlord.Service.Hosting;

namespace Overlord.Service.Chains;

/// <summary>One configured, enabled child: its base address, token, timeouts and the one <see cref="HttpClient"/> used for it.</summary>
public sealed class ChainClient : IDisposable
{
    private static readonly HttpRequestOptionsKey<byte[]> BodyKey = new("overlord.body");
    private readonly HttpClient _http;
    private readonly string _authentication;
    private readonly string _base;

    internal ChainClient(string name, ChainConfig config)
    {
        Name = name;
        Config = config;
        _base = config.Entrypoint.TrimEnd('/');
        _authentication = OverlordAuthHandler.Scheme + " " + config.AccessToken;
        var read = Seconds(config.ReadTimeout);
        var write = Seconds(config.WriteTimeout);
        ReadTimeout = read;
        // httpx bounds each phase (connect, every write, every read); the response headers are one read after the
        // request is written, so they must arrive within write + read of the connection being up.
        HeadersTimeout = read is null ? null : read + (write ?? TimeSpan.Zero) + (Seconds(config.ConnectTimeout) ?? TimeSpan.Zero);
        OverallTimeout = config.Timeout is > 0 ? TimeSpan.FromSeconds(config.Timeout.Value) : null;
        _http = new HttpClient(CreateHandler(name, config), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The chain name.</summary>
    public string Name { get; }

    /// <summary>The chain's settings.</summary>
    public ChainConfig Config { get; }

    /// <summary>Longest wait for the response headers of one attempt; null for none.</summary>
    public TimeSpan? HeadersTimeout { get; }

    /// <summary>Longest wait for each read of the response body; null for none.</summary>
    public TimeSpan? ReadTimeout { get; }

    /// <summary>Longest a whole call may take (the chain's <c>timeout</c> when above 0); null for none.</summary>
    public TimeSpan? OverallTimeout { get; }

    /// <summary>How long a chain tree branch through this child may take.</summary>
    public TimeSpan TreeBudget => OverallTimeout ?? HeadersTimeout ?? TimeSpan.FromSeconds(60);

    /// <summary>
    /// A request to this child for <paramref name="pathAndQuery"/> (starting with <c>/v1/</c>), carrying the chain's
    /// token and, when given, <paramref name="body"/>.
    /// </summary>
    public HttpRequestMessage CreateRequest(HttpMethod method, string pathAndQuery, byte[]? body, string? contentType)
    {
        var request = new HttpRequestMessage(method, new Uri(_base + pathAndQuery))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.TryAddWithoutValidation(OverlordAuthHandler.HeaderName, _authentication);
        request.Headers.Accept.ParseAdd("application/json");
        if (body is { Length: > 0 })
        {
            request.Options.Set(BodyKey, body);
            request.Content = Content(body, contentType);
        }
        return request;
    }

    /// <summary>
    /// One attempt: sends a copy of <paramref name="request"/> and returns once the response headers are read, or throws
    /// <see cref="TimeoutException"/> when they do not arrive within <see cref="HeadersTimeout"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var copy = Copy(request);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (HeadersTimeout is { } limit)
        {
            attempt.CancelAfter(limit);
        }
        try
        {
            return await _http.SendAsync(copy, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && attempt.IsCancellationRequested && e.InnerException is not TimeoutException)
        {
            throw new TimeoutException($"No response within {HeadersTimeout!.Value.TotalSeconds:0.###} s.", e);
        }
    }

    private static HttpRequestMessage Copy(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
        };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        if (request.Options.TryGetValue(BodyKey, out var body))
        {
            copy.Options.Set(BodyKey, body);
            copy.Content = Content(body, request.Content?.Headers.ContentType?.ToString());
        }
        return copy;
    }

    private static ByteArrayContent Content(byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (!string.IsNullOrEmpty(contentType))
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        return content;
    }

    private static TimeSpan? Seconds(int? value) => value is null ? null : TimeSpan.FromSeconds(value.Value);

    private static SocketsHttpHandler CreateHandler(string name, ChainConfig config)
    {
        // Upstream builds these settings but then hands httpx a retry transport, which drops the pool limits and
        // cacert (reference §7 #23); here they apply. max_keepalive_connections has no SocketsHttpHandler equivalent:
        // idle connections are bounded by max_connections and keepalive_expiry.
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = Math.Max(1, config.MaxConnections),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(Math.Max(0, config.KeepaliveExpiry)),
            ConnectTimeout = config.ConnectTimeout is { } connect ? TimeSpan.FromSeconds(connect) : Timeout.InfiniteTimeSpan,
        };
        if (config.CaCert is { } caCert)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = TrustOnly(name, caCert),
            };
        }
        return handler;
    }

    /// <summary>
    /// A chain policy that trusts the certificates in <paramref name="caCert"/> and nothing else (as Python's
    /// <c>create_default_context(cafile=...)</c>); the host name is still checked.
    /// </summary>
    private static X509ChainPolicy TrustOnly(string name, string caCert)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(caCert);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new NodeStartupException($"chains.{name}.cacert '{caCert}': {e.Message}", e);
        }
        if (roots.Count == 0)
        {
            throw new NodeStartupException($"chains.{name}.cacert '{caCert}': no PEM certificate found.");
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
    public void Dispose() => _http.Dispose();
}

/// <summary>
/// The clients of this node's children, built once at startup: every configured chain that is not <c>disable</c>d
/// (upstream does not load disabled chains at all).
/// </summary>
public sealed class ChainClients : IDisposable
{
    private readonly Dictionary<string, ChainClient> _byName = new(StringComparer.Ordinal);

    /// <summary>Builds a client per enabled chain; throws <see cref="NodeStartupException"/> for an unreadable <c>cacert</c>.</summary>
    public ChainClients(NodeConfig config)
    {
        var all = new List<ChainClient>();
        try
        {
            foreach (var (name, chain) in config.Chains)
            {
                if (chain.Disable)
                {
                    continue;
                }
                var client = new ChainClient(name, chain);
                all.Add(client);
                _byName[name] = client;
            }
        }
        catch
        {
            all.ForEach(c => c.Dispose());
            throw;
        }
        All = all;
    }

    /// <summary>Every enabled chain in config order.</summary>
    public IReadOnlyList<ChainClient> All { get; }

    /// <summary>The enabled chain called <paramref name="name"/>, if any.</summary>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ChainClient? client) =>
        _byName.TryGetValue(name, out client);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in All)
        {
            client.Dispose();
        }
    }
}
