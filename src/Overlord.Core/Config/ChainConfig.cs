using System.Text.Json.Serialization;

namespace Overlord.Core.Config;

/// <summary>
/// One entry of <c>chains</c>: a child node this node forwards <c>/v1/chain/&lt;name&gt;/...</c> calls to.
/// Timeouts are seconds; null means no timeout (a negative number in the file, as upstream reads it).
/// </summary>
public sealed record ChainConfig
{
    /// <summary>Base URL of the child node, e.g. <c>http://10.0.0.2:8888</c>.</summary>
    [JsonPropertyName("entrypoint")]
    public required string Entrypoint { get; init; }

    /// <summary>Token sent to the child as <c>Authentication: Bearer</c>.</summary>
    [JsonPropertyName("access_token")]
    public required string AccessToken { get; init; }

    /// <summary>Overall timeout; 0 leaves only the specific ones.</summary>
    [JsonPropertyName("timeout")]
    public int? Timeout { get; init; } = 0;

    /// <summary>Read timeout.</summary>
    [JsonPropertyName("read_timeout")]
    public int? ReadTimeout { get; init; } = 10;

    /// <summary>Write timeout.</summary>
    [JsonPropertyName("write_timeout")]
    public int? WriteTimeout { get; init; } = 10;

    /// <summary>Connect timeout.</summary>
    [JsonPropertyName("connect_timeout")]
    public int? ConnectTimeout { get; init; } = 5;

    /// <summary>Time to wait for a pooled connection.</summary>
    [JsonPropertyName("pool_timeout")]
    public int? PoolTimeout { get; init; } = 60;

    /// <summary>
    /// Idle connections kept. Upstream ignores the pool settings and <see cref="CaCert"/> (its retry transport brings
    /// its own pool); they are kept here for the chain client to apply, as upstream meant.
    /// </summary>
    [JsonPropertyName("max_keepalive_connections")]
    public int MaxKeepaliveConnections { get; init; } = 1000;

    /// <summary>Connections at most.</summary>
    [JsonPropertyName("max_connections")]
    public int MaxConnections { get; init; } = 1024;

    /// <summary>Seconds an idle connection is kept.</summary>
    [JsonPropertyName("keepalive_expiry")]
    public int KeepaliveExpiry { get; init; } = 60;

    /// <summary>A disabled chain is not served and not checked by the heartbeat.</summary>
    [JsonPropertyName("disable")]
    public bool Disable { get; init; }

    /// <summary>CA bundle that verifies the child's certificate.</summary>
    [JsonPropertyName("cacert")]
    public string? CaCert { get; init; }

    /// <summary>Retries of idempotent calls to the child.</summary>
    [JsonPropertyName("retry")]
    public RetryConfig Retry { get; init; } = new();
}

/// <summary>
/// <c>chains.&lt;name&gt;.retry</c>: retry n (1..<see cref="Total"/>) of a GET/HEAD/PUT/DELETE/OPTIONS/TRACE call
/// waits min(<see cref="BackoffFactor"/> × 2^n × random(0..<see cref="BackoffJitter"/>), <see cref="MaxBackoffWait"/>) seconds.
/// </summary>
public sealed record RetryConfig
{
    /// <summary>Retries after the first attempt.</summary>
    [JsonPropertyName("total")]
    public int Total { get; init; } = 6;

    /// <summary>Longest wait in seconds.</summary>
    [JsonPropertyName("max_backoff_wait")]
    public double MaxBackoffWait { get; init; } = 10.0;

    /// <summary>Base of the exponential backoff, in seconds.</summary>
    [JsonPropertyName("backoff_factor")]
    public double BackoffFactor { get; init; } = 0.2;

    /// <summary>Honour a <c>Retry-After</c> header (capped by <see cref="MaxBackoffWait"/>).</summary>
    [JsonPropertyName("respect_retry_after_header")]
    public bool RespectRetryAfterHeader { get; init; } = true;

    /// <summary>Upper bound of the random factor.</summary>
    [JsonPropertyName("backoff_jitter")]
    public double BackoffJitter { get; init; } = 1.0;
}
