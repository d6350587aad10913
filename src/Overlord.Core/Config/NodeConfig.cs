using System.Text.Json;
using System.Text.Json.Serialization;

namespace Overlord.Core.Config;

/// <summary>
/// The node configuration file (<c>overlord.yml</c>, upstream's <c>.overlord.yml</c> / <c>OVERLORD_CONFIG</c>) with
/// upstream's keys and defaults applied. Property order and JSON names follow upstream's <c>print-config</c>, so the
/// JSON form of this record is the effective configuration as upstream prints it. Build one with
/// <see cref="NodeConfigLoader"/>; paths that upstream keeps under its install prefix come from
/// <see cref="NodeConfigLoaderOptions.Prefix"/>.
/// </summary>
public sealed record NodeConfig
{
    /// <summary>The text printed instead of a secret by <see cref="WithSecretsMasked"/>.</summary>
    public const string MaskedSecret = "***";

    /// <summary>File holding this node's UUID, created on first use (<c>&lt;prefix&gt;/serverid</c>).</summary>
    [JsonPropertyName("serverid")]
    public required string ServerId { get; init; }

    /// <summary>Port of the plain HTTP listener, which is always served.</summary>
    [JsonPropertyName("port")]
    public int Port { get; init; } = 8888;

    /// <summary>The HTTPS listener; off unless both files are given.</summary>
    [JsonPropertyName("tls")]
    public TlsConfig Tls { get; init; } = new();

    /// <summary>Debug mode (verbose errors).</summary>
    [JsonPropertyName("debug")]
    public bool Debug { get; init; }

    /// <summary>Compress HTTP responses.</summary>
    [JsonPropertyName("compress_response")]
    public bool CompressResponse { get; init; } = true;

    /// <summary>How often the pollers refresh jail and project state.</summary>
    [JsonPropertyName("polling")]
    public PollingConfig Polling { get; init; } = new();

    /// <summary>memcached client settings. Accepted and validated for compatibility; this node keeps its cache itself.</summary>
    [JsonPropertyName("memcache")]
    public MemcacheConfig Memcache { get; init; } = new();

    /// <summary>HS256 key for access tokens; when set it wins over <see cref="SecretKeyFile"/>.</summary>
    [JsonPropertyName("secret_key")]
    public string? SecretKey { get; init; }

    /// <summary>File holding the 64-byte token key, created on first use (<c>&lt;prefix&gt;/keyfile</c>).</summary>
    [JsonPropertyName("secret_keyfile")]
    public required string SecretKeyFile { get; init; }

    /// <summary>
    /// Python <c>logging.config.dictConfig</c> settings, kept as given (as JSON) but not applied: this node logs
    /// through Microsoft.Extensions.Logging. Null when absent.
    /// </summary>
    [JsonPropertyName("log_config")]
    public JsonElement? LogConfig { get; init; }

    /// <summary>Child nodes by chain name, in file order.</summary>
    [JsonPropertyName("chains")]
    public IReadOnlyDictionary<string, ChainConfig> Chains { get; init; } = new Dictionary<string, ChainConfig>();

    /// <summary>Labels this node answers to in <c>deployIn</c>.</summary>
    [JsonPropertyName("labels")]
    public IReadOnlyList<string> Labels { get; init; } = ["all"];

    /// <summary>AppJail Director settings.</summary>
    [JsonPropertyName("director")]
    public required DirectorConfig Director { get; init; }

    /// <summary>AppJail directories.</summary>
    [JsonPropertyName("appjail")]
    public AppJailConfig AppJail { get; init; } = new();

    /// <summary>beanstalkd address. Accepted and validated for compatibility; this node queues jobs itself.</summary>
    [JsonPropertyName("beanstalkd_addr")]
    public BeanstalkdAddress BeanstalkdAddr { get; init; } = BeanstalkdAddress.Default;

    /// <summary>beanstalkd secret file. Accepted and validated for compatibility; not used by this node.</summary>
    [JsonPropertyName("beanstalkd_secret")]
    public required string BeanstalkdSecret { get; init; }

    /// <summary>Wall-clock limit in seconds for one external command of a job; null means no limit.</summary>
    [JsonPropertyName("execution_time")]
    public int? ExecutionTime { get; init; } = 10800;

    /// <summary>HAProxy Data Plane API used by load-balancer special labels; null when not configured.</summary>
    [JsonPropertyName("dataplaneapi")]
    public HaproxyEndpointConfig? DataPlaneApi { get; init; }

    /// <summary>HAProxy stats endpoint used by autoscaler load-balancer rules; null when not configured.</summary>
    [JsonPropertyName("haproxy_stats")]
    public HaproxyEndpointConfig? HaproxyStats { get; init; }

    /// <summary>Where SkyDNS records go in etcd.</summary>
    [JsonPropertyName("skydns")]
    public SkyDnsConfig SkyDns { get; init; } = new();

    /// <summary>etcd hosts by name, in file order.</summary>
    [JsonPropertyName("etcd")]
    public IReadOnlyDictionary<string, EtcdHostConfig> Etcd { get; init; } =
        new Dictionary<string, EtcdHostConfig> { ["localhost"] = new EtcdHostConfig() };

    /// <summary>Jobs run at the same time; upstream's default is the number of processors.</summary>
    [JsonPropertyName("max_watch_commands")]
    public required int MaxWatchCommands { get; init; }

    /// <summary>Metadata and namespace storage.</summary>
    [JsonPropertyName("metadata")]
    public required MetadataConfig Metadata { get; init; }

    /// <summary>Cache of distribution components, <c>&lt;components&gt;/&lt;arch&gt;/&lt;version&gt;/</c> (<c>&lt;prefix&gt;/components</c>).</summary>
    [JsonPropertyName("components")]
    public required string Components { get; init; }

    /// <summary>Smart timeouts: children that keep failing are skipped for a while.</summary>
    [JsonPropertyName("autodisable")]
    public AutodisableConfig Autodisable { get; init; } = new();

    /// <summary>Autoscaler log entries kept per project.</summary>
    [JsonPropertyName("max_autoscale_logs")]
    public int MaxAutoscaleLogs { get; init; } = 30;

    /// <summary>Seconds an autoscaler status is kept.</summary>
    [JsonPropertyName("autoscale_logs_expire_time")]
    public int AutoscaleLogsExpireTime { get; init; } = 600;

    /// <summary>The external tools the node runs (our extension; upstream finds them on <c>PATH</c>).</summary>
    [JsonPropertyName("tools")]
    public ToolsConfig Tools { get; init; } = new();

    /// <summary>The durable job store and its workers (our extension; upstream uses beanstalkd and watch commands).</summary>
    [JsonPropertyName("jobs")]
    public required JobsConfig Jobs { get; init; }

    /// <summary>
    /// A copy that is safe to print or log: <c>secret_key</c>, every chain's <c>access_token</c> and the HAProxy
    /// passwords read <see cref="MaskedSecret"/>. Absent secrets stay null so the output still shows what is set.
    /// </summary>
    public NodeConfig WithSecretsMasked() => this with
    {
        SecretKey = Mask(SecretKey),
        Chains = Chains.ToDictionary(c => c.Key, c => c.Value with { AccessToken = MaskedSecret }, StringComparer.Ordinal),
        DataPlaneApi = MaskAuth(DataPlaneApi),
        HaproxyStats = MaskAuth(HaproxyStats),
    };

    private static string? Mask(string? secret) => secret is null ? null : MaskedSecret;

    private static HaproxyEndpointConfig? MaskAuth(HaproxyEndpointConfig? endpoint) =>
        endpoint is null ? null : endpoint with { Auth = endpoint.Auth with { Password = MaskedSecret } };
}
