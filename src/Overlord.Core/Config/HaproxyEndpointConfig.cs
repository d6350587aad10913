using System.Text.Json.Serialization;

namespace Overlord.Core.Config;

/// <summary>
/// The <c>dataplaneapi</c> and <c>haproxy_stats</c> blocks: an HAProxy HTTP endpoint with basic auth, with upstream's
/// longer timeouts for HAProxy (read/write 30 s, connect 10 s).
/// </summary>
public sealed record HaproxyEndpointConfig : HttpEndpointConfig
{
    /// <summary>Creates an endpoint with the HAProxy defaults.</summary>
    public HaproxyEndpointConfig()
    {
        ReadTimeout = 30;
        WriteTimeout = 30;
        ConnectTimeout = 10;
    }

    /// <summary>Basic auth credentials.</summary>
    [JsonPropertyName("auth")]
    [JsonPropertyOrder(-1)]
    public required BasicAuthConfig Auth { get; init; }
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
