using System.Text.Json.Serialization;

namespace Overlord.Core.Config;

/// <summary>
/// The <c>memcache</c> block. Accepted and validated so that upstream configs load unchanged; this node keeps its
/// cache in its own store and does not connect to memcached.
/// </summary>
public sealed record MemcacheConfig
{
    /// <summary>memcached servers.</summary>
    [JsonPropertyName("connections")]
    public IReadOnlyList<string> Connections { get; init; } = ["127.0.0.1"];

    /// <summary>Connections per server at most; null means unbounded.</summary>
    [JsonPropertyName("max_pool_size")]
    public int? MaxPoolSize { get; init; }

    /// <summary>
    /// Seconds an idle pooled connection is kept. The documented default is 0; upstream's getter falls back to
    /// <c>retry_attempts</c> (2) instead, a bug we do not copy.
    /// </summary>
    [JsonPropertyName("pool_idle_timeout")]
    public int PoolIdleTimeout { get; init; }

    /// <summary>Attempts before a server is marked dead.</summary>
    [JsonPropertyName("retry_attempts")]
    public int RetryAttempts { get; init; } = 2;

    /// <summary>Seconds between attempts.</summary>
    [JsonPropertyName("retry_timeout")]
    public int RetryTimeout { get; init; } = 1;

    /// <summary>Seconds a dead server is left alone.</summary>
    [JsonPropertyName("dead_timeout")]
    public int DeadTimeout { get; init; } = 60;

    /// <summary>Connect timeout in seconds.</summary>
    [JsonPropertyName("connect_timeout")]
    public int ConnectTimeout { get; init; } = 5;

    /// <summary>Operation timeout in seconds.</summary>
    [JsonPropertyName("timeout")]
    public int Timeout { get; init; } = 8;

    /// <summary>TCP_NODELAY.</summary>
    [JsonPropertyName("no_delay")]
    public bool NoDelay { get; init; } = true;
}
