using System.Text.Json.Serialization;

namespace Overlord.Core.Config;

/// <summary>
/// The <c>dataplaneapi</c> and <c>haproxy_stats</c> blocks: an HAProxy HTTP endpoint with basic auth. Timeouts are
/// seconds; null means no timeout (a negative number in the file).
/// </summary>
public sealed record HaproxyEndpointConfig
{
    /// <summary>Base URL, e.g. <c>http://127.0.0.1:5555</c>.</summary>
    [JsonPropertyName("entrypoint")]
    public required string Entrypoint { get; init; }

    /// <summary>Basic auth credentials.</summary>
    [JsonPropertyName("auth")]
    public required BasicAuthConfig Auth { get; init; }

    /// <summary>Overall timeout; 0 leaves only the specific ones.</summary>
    [JsonPropertyName("timeout")]
    public int? Timeout { get; init; } = 0;

    /// <summary>Read timeout.</summary>
    [JsonPropertyName("read_timeout")]
    public int? ReadTimeout { get; init; } = 30;

    /// <summary>Write timeout.</summary>
    [JsonPropertyName("write_timeout")]
    public int? WriteTimeout { get; init; } = 30;

    /// <summary>Connect timeout.</summary>
    [JsonPropertyName("connect_timeout")]
    public int? ConnectTimeout { get; init; } = 10;

    /// <summary>Time to wait for a pooled connection.</summary>
    [JsonPropertyName("pool_timeout")]
    public int? PoolTimeout { get; init; } = 60;

    /// <summary>Idle connections kept.</summary>
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

/// <summary>The <c>auth</c> block of an HAProxy endpoint.</summary>
public sealed record BasicAuthConfig
{
    /// <summary>User name.</summary>
    [JsonPropertyName("username")]
    public required string Username { get; init; }

    /// <summary>Password.</summary>
    [JsonPropertyName("password")]
    public required string Password { get; init; }
}
