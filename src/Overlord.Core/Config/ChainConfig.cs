using System.Text.Json.Serialization;

namespace Overlord.Core.Config;

/// <summary>
/// One entry of <c>chains</c>: a child node this node forwards <c>/v1/chain/&lt;name&gt;/...</c> calls to.
/// Timeouts are seconds; null means no timeout (a negative number in the file, as upstream reads it).
/// </summary>
public sealed record ChainConfig : HttpEndpointConfig
{
    /// <summary>Token sent to the child as <c>Authentication: Bearer</c>.</summary>
    [JsonPropertyName("access_token")]
    [JsonPropertyOrder(-1)]
    public required string AccessToken { get; init; }

    /// <summary>A disabled chain is not served and not checked by the heartbeat.</summary>
    [JsonPropertyName("disable")]
    [JsonPropertyOrder(1)]
    public bool Disable { get; init; }

    /// <summary>Retries of idempotent calls to the child.</summary>
    [JsonPropertyName("retry")]
    [JsonPropertyOrder(1)]
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
