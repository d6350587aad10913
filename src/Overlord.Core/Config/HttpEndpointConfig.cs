using System.Text.Json.Serialization;

namespace Overlord.Core.Config;

/// <summary>
/// The HTTP client settings upstream repeats for chains, <c>dataplaneapi</c> and <c>haproxy_stats</c>: where to
/// connect, timeouts in seconds (null means none: a negative number in the file, as upstream reads it), pool limits
/// and the CA bundle. The defaults here are a chain's; other endpoints set their own in their constructors.
/// </summary>
public abstract record HttpEndpointConfig
{
    /// <summary>Base URL, e.g. <c>http://10.0.0.2:8888</c>.</summary>
    [JsonPropertyName("entrypoint")]
    [JsonPropertyOrder(-2)]
    public required string Entrypoint { get; init; }

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
    /// Idle connections kept. Upstream drops the pool settings and <see cref="CaCert"/> for chains (its retry
    /// transport brings its own pool); they are kept here for the clients to apply, as upstream meant.
    /// </summary>
    [JsonPropertyName("max_keepalive_connections")]
    public int MaxKeepaliveConnections { get; init; } = 1000;

    /// <summary>Connections at most.</summary>
    [JsonPropertyName("max_connections")]
    public int MaxConnections { get; init; } = 1024;

    /// <summary>Seconds an idle connection is kept.</summary>
    [JsonPropertyName("keepalive_expiry")]
    public int KeepaliveExpiry { get; init; } = 60;

    /// <summary>CA bundle that verifies the endpoint's certificate.</summary>
    [JsonPropertyName("cacert")]
    public string? CaCert { get; init; }
}
