using System.Text.Json.Serialization;

namespace Overlord.Core.Config;

/// <summary>The <c>tls</c> block: an HTTPS listener beside the plain one, on when both files are given.</summary>
public sealed record TlsConfig
{
    /// <summary>PEM private key; given together with <see cref="CertFile"/> or not at all.</summary>
    [JsonPropertyName("keyfile")]
    public string? KeyFile { get; init; }

    /// <summary>PEM certificate chain; given together with <see cref="KeyFile"/> or not at all.</summary>
    [JsonPropertyName("certfile")]
    public string? CertFile { get; init; }

    /// <summary>HTTPS port. Upstream fixes the default at 8888 + 443 whatever <c>port</c> says.</summary>
    [JsonPropertyName("port")]
    public int Port { get; init; } = 9331;

    /// <summary>True when the HTTPS listener should run.</summary>
    [JsonIgnore]
    public bool Enabled => KeyFile is not null && CertFile is not null;
}
