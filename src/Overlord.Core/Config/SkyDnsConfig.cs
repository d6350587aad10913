using System.Text.Json.Serialization;

namespace Overlord.Core.Config;

/// <summary>The <c>skydns</c> block: where SkyDNS records are written in etcd.</summary>
public sealed record SkyDnsConfig
{
    /// <summary>etcd key prefix.</summary>
    [JsonPropertyName("path")]
    public string Path { get; init; } = "/skydns";

    /// <summary>DNS zone the records live in.</summary>
    [JsonPropertyName("zone")]
    public string Zone { get; init; } = ".";
}

/// <summary>One entry of <c>etcd</c>, keyed by host name; an empty or null entry takes every default.</summary>
public sealed record EtcdHostConfig
{
    /// <summary>Client port.</summary>
    [JsonPropertyName("port")]
    public int Port { get; init; } = 2379;

    /// <summary>URL scheme, <c>http</c> or <c>https</c>.</summary>
    [JsonPropertyName("protocol")]
    public string Protocol { get; init; } = "http";

    /// <summary>CA bundle that verifies etcd's certificate.</summary>
    [JsonPropertyName("ca_cert")]
    public string? CaCert { get; init; }

    /// <summary>Client key for TLS client authentication.</summary>
    [JsonPropertyName("cert_key")]
    public string? CertKey { get; init; }

    /// <summary>Request timeout in seconds; null leaves the client's default.</summary>
    [JsonPropertyName("timeout")]
    public int? Timeout { get; init; }

    /// <summary>Path of the gRPC gateway API (e.g. <c>/v3/</c>); null leaves the client's default.</summary>
    [JsonPropertyName("api_path")]
    public string? ApiPath { get; init; }
}
