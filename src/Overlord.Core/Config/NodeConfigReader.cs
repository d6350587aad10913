using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Overlord.Core.Validation;
using Overlord.Core.Yaml;

namespace Overlord.Core.Config;

/// <summary>
/// Binds and validates the keys of a node config in one pass (upstream's <c>config.validate</c> plus its getters),
/// recording every problem. Explicit <c>null</c> means "use the default" except for <c>execution_time</c> and
/// <c>polling.heartbeat</c>, where null is a meaningful value (no limit, no heartbeat).
/// </summary>
internal static partial class NodeConfigReader
{
    private static readonly string[] Schemes = ["http", "https"];

    /// <summary>An etcd host key: any name or address, but not empty and without spaces.</summary>
    [GeneratedRegex(@"^\S+$")]
    private static partial Regex HostName();

    public static NodeConfig? Read(SpecReader r, YNode rootNode, NodeConfig d)
    {
        if (rootNode is not YMapping)
        {
            r.Error(rootNode, "", $"the config must be a map of keys (port, labels, chains, ...), but this is {SpecReader.Describe(rootNode)}.");
            return null;
        }
        var root = r.Map(rootNode, "")!;
        var config = d with
        {
            ServerId = root.String("serverid") ?? d.ServerId,
            Port = Int(root, "port", 1, 65535) ?? d.Port,
            Tls = ReadTls(root, d.Tls),
            Debug = root.Bool("debug") ?? d.Debug,
            CompressResponse = root.Bool("compress_response") ?? d.CompressResponse,
            Polling = ReadPolling(root, d.Polling),
            Memcache = ReadMemcache(root, d.Memcache),
            SecretKey = root.String("secret_key"),
            SecretKeyFile = root.String("secret_keyfile") ?? d.SecretKeyFile,
            LogConfig = ReadLogConfig(root),
            Chains = root.NamedMap("chains", (n, p) => ReadChain(r, n, p), Names.Chain(), Names.ChainRule) ?? d.Chains,
            Labels = root.List("labels", (n, p) => r.String(n, p, Names.Label(), Names.LabelRule)) ?? d.Labels,
            Director = ReadDirector(root, d.Director),
            AppJail = ReadAppJail(root, d.AppJail),
            BeanstalkdAddr = ReadBeanstalkdAddr(root) ?? d.BeanstalkdAddr,
            BeanstalkdSecret = root.String("beanstalkd_secret") ?? d.BeanstalkdSecret,
            ExecutionTime = ReadExecutionTime(root, d.ExecutionTime),
            DataPlaneApi = ReadHaproxy(root, "dataplaneapi"),
            HaproxyStats = ReadHaproxy(root, "haproxy_stats"),
            SkyDns = ReadSkyDns(root, d.SkyDns),
            Etcd = root.NamedMap("etcd", (n, p) => ReadEtcdHost(r, n, p), HostName(), "a host name or address, without spaces.") ?? d.Etcd,
            MaxWatchCommands = Int(root, "max_watch_commands", min: 1) ?? d.MaxWatchCommands,
            Metadata = ReadMetadata(root, d.Metadata),
            Components = root.String("components") ?? d.Components,
            Autodisable = ReadAutodisable(root, d.Autodisable),
            MaxAutoscaleLogs = Int(root, "max_autoscale_logs", min: 1) ?? d.MaxAutoscaleLogs,
            AutoscaleLogsExpireTime = Int(root, "autoscale_logs_expire_time", min: 1) ?? d.AutoscaleLogsExpireTime,
            Tools = ReadTools(root, d.Tools),
        };
        config = config with { Jobs = ReadJobs(root, d.Jobs, config.MaxWatchCommands) };
        root.RejectUnknown();
        return config;
    }

    private static TlsConfig ReadTls(MapReader root, TlsConfig d)
    {
        if (root.Map("tls") is not { } m)
        {
            return d;
        }
        var result = new TlsConfig
        {
            KeyFile = m.String("keyfile"),
            CertFile = m.String("certfile"),
            Port = Int(m, "port", 1, 65535) ?? d.Port,
        };
        // Presence, not validity: a keyfile of the wrong type already has its own error.
        var (hasKey, hasCert) = (m.Has("keyfile"), m.Has("certfile"));
        if (hasKey != hasCert)
        {
            var (given, missing) = hasKey ? ("keyfile", "certfile") : ("certfile", "keyfile");
            m.Reader.Error(m.Node, m.Child(missing), $"'tls.{given}' is given without 'tls.{missing}'; give both or neither.");
        }
        m.RejectUnknown();
        return result;
    }

    private static PollingConfig ReadPolling(MapReader root, PollingConfig d)
    {
        if (root.Map("polling") is not { } m)
        {
            return d;
        }
        var result = new PollingConfig
        {
            Adaptive = ReadAdaptive(m, d.Adaptive),
            JailStats = Int(m, "jail_stats", min: 0) ?? d.JailStats,
            JailInfo = Int(m, "jail_info", min: 0) ?? d.JailInfo,
            Projects = Int(m, "projects", min: 0) ?? d.Projects,
            Jails = Int(m, "jails", min: 0) ?? d.Jails,
            JailExtras = Int(m, "jail_extras", min: 0) ?? d.JailExtras,
            ProjectInfo = Int(m, "project_info", min: 0) ?? d.ProjectInfo,
            Autoscale = Int(m, "autoscale", min: 0) ?? d.Autoscale,
            Heartbeat = Int(m, "heartbeat", min: 0) ?? d.Heartbeat,
            Skew = ReadSkew(m) ?? d.Skew,
            Keywords = ReadKeywords(m, d.Keywords),
        };
        m.RejectUnknown();
        return result;
    }

    private static AdaptivePollingConfig ReadAdaptive(MapReader polling, AdaptivePollingConfig d)
    {
        if (polling.Map("adaptive") is not { } m)
        {
            return d;
        }
        var result = new AdaptivePollingConfig
        {
            PollWindow = Int(m, "poll_window", min: 0) ?? d.PollWindow,
            MaxIdle = Int(m, "max_idle", min: 0) ?? d.MaxIdle,
            IdlePenalty = Int(m, "idle_penalty", min: 0) ?? d.IdlePenalty,
            MaxIdlePenalty = Int(m, "max_idle_penalty", min: 1) ?? d.MaxIdlePenalty,
        };
        m.RejectUnknown();
        return result;
    }

    private static PollingSkew? ReadSkew(MapReader polling)
    {
        if (polling.Take("skew") is not { } node)
        {
            return null;
        }
        var r = polling.Reader;
        var path = polling.Child("skew");
        if (node is not YSequence seq)
        {
            r.TypeError(node, path, "a list of two integers, [min, max]");
            return null;
        }
        if (seq.Items.Count != 2)
        {
            r.Error(seq, path, $"expected a list of two integers, [min, max], got {seq.Items.Count} item(s).");
            return null;
        }
        var min = Int(r, seq.Items[0], SpecReader.Index(path, 0), min: 0);
        var max = Int(r, seq.Items[1], SpecReader.Index(path, 1), min: 0);
        if (min is null || max is null)
        {
            return null;
        }
        if (min > max)
        {
            r.Error(seq, path, $"the minimum ({min}) is greater than the maximum ({max}).");
            return null;
        }
        return new PollingSkew(min.Value, max.Value);
    }

    private static PollingKeywords ReadKeywords(MapReader polling, PollingKeywords d)
    {
        if (polling.Map("keywords") is not { } m)
        {
            return d;
        }
        // Upstream allows an empty list (collect nothing of that item), so do we.
        IReadOnlyList<string> Read(string item, IReadOnlyList<string> fallback) =>
            m.List(item, (n, p) => m.Reader.OneOf(n, p, PollingKeywordLists.ByItem[item]), nonEmpty: false) ?? fallback;
        var result = new PollingKeywords
        {
            Stats = Read("stats", d.Stats),
            Jail = Read("jail", d.Jail),
            Devfs = Read("devfs", d.Devfs),
            Expose = Read("expose", d.Expose),
            Healthcheck = Read("healthcheck", d.Healthcheck),
            Label = Read("label", d.Label),
            Limits = Read("limits", d.Limits),
            Nat = Read("nat", d.Nat),
            Volume = Read("volume", d.Volume),
            Fstab = Read("fstab", d.Fstab),
        };
        m.RejectUnknown();
        return result;
    }

    private static MemcacheConfig ReadMemcache(MapReader root, MemcacheConfig d)
    {
        if (root.Map("memcache") is not { } m)
        {
            return d;
        }
        var result = new MemcacheConfig
        {
            Connections = m.List("connections", (n, p) => m.Reader.String(n, p), nonEmpty: false) ?? d.Connections,
            MaxPoolSize = Int(m, "max_pool_size", min: 1) ?? d.MaxPoolSize,
            PoolIdleTimeout = Int(m, "pool_idle_timeout", min: 0) ?? d.PoolIdleTimeout,
            RetryAttempts = Int(m, "retry_attempts", min: 1) ?? d.RetryAttempts,
            RetryTimeout = Int(m, "retry_timeout", min: 1) ?? d.RetryTimeout,
            DeadTimeout = Int(m, "dead_timeout", min: 1) ?? d.DeadTimeout,
            ConnectTimeout = Int(m, "connect_timeout", min: 1) ?? d.ConnectTimeout,
            Timeout = Int(m, "timeout", min: 1) ?? d.Timeout,
            NoDelay = m.Bool("no_delay") ?? d.NoDelay,
        };
        m.RejectUnknown();
        return result;
    }

    /// <summary>
    /// Upstream hands <c>log_config</c> to Python's <c>dictConfig</c>, whose schema is Python's; we keep any map as
    /// JSON so print-config shows it, and do not apply it.
    /// </summary>
    private static JsonElement? ReadLogConfig(MapReader root)
    {
        if (root.Take("log_config") is not { } node)
        {
            return null;
        }
        if (node is not YMapping map)
        {
            root.Reader.TypeError(node, "log_config", "a map (Python logging dictConfig settings)");
            return null;
        }
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer, map);
        }
        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static void WriteJson(Utf8JsonWriter writer, YNode node)
    {
        switch (node)
        {
            case YMapping map:
                writer.WriteStartObject();
                foreach (var (key, value) in map.Entries)
                {
                    writer.WritePropertyName(key.Text);
                    WriteJson(writer, value);
                }
                writer.WriteEndObject();
                break;
            case YSequence seq:
                writer.WriteStartArray();
                foreach (var item in seq.Items)
                {
                    WriteJson(writer, item);
                }
                writer.WriteEndArray();
                break;
            case YScalar { Kind: ScalarKind.Null }:
                writer.WriteNullValue();
                break;
            case YScalar { Kind: ScalarKind.Bool, Value: bool b }:
                writer.WriteBooleanValue(b);
                break;
            case YScalar { Kind: ScalarKind.Int, Value: long l }:
                writer.WriteNumberValue(l);
                break;
            case YScalar { Kind: ScalarKind.Float, Value: double f } when double.IsFinite(f):
                writer.WriteNumberValue(f);
                break;
            case YScalar s:
                // Strings, dates, and numbers JSON cannot hold (too large, infinite, NaN) keep their text.
                writer.WriteStringValue(s.Text);
                break;
        }
    }

    private static ChainConfig? ReadChain(SpecReader r, YNode node, string path)
    {
        if (node is YScalar { Kind: ScalarKind.Null })
        {
            // Upstream lets a null chain through and then has no entrypoint to call.
            r.Error(node, path, "expected a map with at least entrypoint and access_token, got nothing (null).");
            return null;
        }
        if (r.Map(node, path) is not { } m)
        {
            return null;
        }
        var d = new ChainConfig { Entrypoint = "", AccessToken = "" };
        var result = ReadEndpoint(m, d) with
        {
            AccessToken = Token(m, "access_token") ?? "",
            Disable = m.Bool("disable") ?? d.Disable,
            Retry = ReadRetry(m, d.Retry),
        };
        m.RejectUnknown();
        return result;
    }

    private static RetryConfig ReadRetry(MapReader chain, RetryConfig d)
    {
        if (chain.Map("retry") is not { } m)
        {
            return d;
        }
        var result = new RetryConfig
        {
            Total = RetryTotal(m) ?? d.Total,
            MaxBackoffWait = Seconds(m, "max_backoff_wait") ?? d.MaxBackoffWait,
            BackoffFactor = Seconds(m, "backoff_factor") ?? d.BackoffFactor,
            RespectRetryAfterHeader = m.Bool("respect_retry_after_header") ?? d.RespectRetryAfterHeader,
            BackoffJitter = Seconds(m, "backoff_jitter") ?? d.BackoffJitter,
        };
        m.RejectUnknown();
        return result;
    }

    /// <summary>Upstream accepts any number for the retry count; a count is a whole number, so 6.0 passes and 2.5 does not.</summary>
    private static int? RetryTotal(MapReader m)
    {
        if (m.Take("total") is not { } node)
        {
            return null;
        }
        var path = m.Child("total");
        if (m.Reader.Number(node, path, min: 0) is not { } value)
        {
            return null;
        }
        if (value != Math.Floor(value) || value > int.MaxValue)
        {
            m.Reader.Error(node, path, $"expected a whole number of retries, got {value.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }
        return (int)value;
    }

    /// <summary>A non-negative, finite number of seconds (upstream checks only that it is a number).</summary>
    private static double? Seconds(MapReader m, string key)
    {
        if (m.Take(key) is not { } node)
        {
            return null;
        }
        var value = m.Reader.Number(node, m.Child(key), min: 0);
        if (value is { } v && !double.IsFinite(v))
        {
            m.Reader.Error(node, m.Child(key), $"expected a finite number of seconds, got {v.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }
        return value;
    }

    private static DirectorConfig ReadDirector(MapReader root, DirectorConfig d)
    {
        if (root.Map("director") is not { } m)
        {
            return d;
        }
        var result = new DirectorConfig { Logs = m.String("logs") ?? d.Logs };
        m.RejectUnknown();
        return result;
    }

    private static AppJailConfig ReadAppJail(MapReader root, AppJailConfig d)
    {
        if (root.Map("appjail") is not { } m)
        {
            return d;
        }
        var result = new AppJailConfig
        {
            Jails = m.String("jails") ?? d.Jails,
            Logs = m.String("logs") ?? d.Logs,
            Images = m.String("images") ?? d.Images,
        };
        m.RejectUnknown();
        return result;
    }

    private static BeanstalkdAddress? ReadBeanstalkdAddr(MapReader root)
    {
        if (root.Take("beanstalkd_addr") is not { } node || root.Reader.String(node, "beanstalkd_addr") is not { } text)
        {
            return null;
        }
        if (!BeanstalkdAddress.TryParse(text, out var address, out var error))
        {
            root.Reader.Error(node, "beanstalkd_addr", $"'{SpecReader.Shorten(text)}' is not valid: {error}");
            return null;
        }
        return address;
    }

    /// <summary>
    /// Null means no limit, as upstream documents; absent means the default. Upstream takes any integer, but 0 or
    /// less would kill every command at once, so we ask for null instead.
    /// </summary>
    private static int? ReadExecutionTime(MapReader root, int? d)
    {
        var node = root.TakeRaw("execution_time");
        if (node is null)
        {
            return d;
        }
        if (node is YScalar { Kind: ScalarKind.Null })
        {
            return null;
        }
        if (Int(root.Reader, node, "execution_time") is not { } value)
        {
            return d;
        }
        if (value < 1)
        {
            root.Reader.Error(node, "execution_time", $"must be 1 or more seconds, got {value}; write 'execution_time: null' for no limit.");
            return d;
        }
        return value;
    }

    /// <summary>
    /// <c>dataplaneapi</c> and <c>haproxy_stats</c>: when the block is present it needs an entrypoint and
    /// <c>auth</c> with both fields (upstream does not require the Data Plane API entrypoint, then has no URL to call).
    /// </summary>
    private static HaproxyEndpointConfig? ReadHaproxy(MapReader root, string key)
    {
        if (root.Map(key) is not { } m)
        {
            return null;
        }
        var d = new HaproxyEndpointConfig { Entrypoint = "", Auth = new BasicAuthConfig { Username = "", Password = "" } };
        var result = ReadEndpoint(m, d) with { Auth = ReadAuth(m) ?? d.Auth };
        m.RejectUnknown();
        return result;
    }

    /// <summary>The settings every HTTP endpoint shares, over <paramref name="d"/>'s defaults (its type is kept).</summary>
    private static T ReadEndpoint<T>(MapReader m, T d) where T : HttpEndpointConfig =>
        (T)(d with
        {
            Entrypoint = Url(m, "entrypoint") ?? "",
            Timeout = Timeout(m, "timeout", d.Timeout),
            ReadTimeout = Timeout(m, "read_timeout", d.ReadTimeout),
            WriteTimeout = Timeout(m, "write_timeout", d.WriteTimeout),
            ConnectTimeout = Timeout(m, "connect_timeout", d.ConnectTimeout),
            PoolTimeout = Timeout(m, "pool_timeout", d.PoolTimeout),
            MaxKeepaliveConnections = Int(m, "max_keepalive_connections", min: 0) ?? d.MaxKeepaliveConnections,
            MaxConnections = Int(m, "max_connections", min: 1) ?? d.MaxConnections,
            KeepaliveExpiry = Int(m, "keepalive_expiry", min: 0) ?? d.KeepaliveExpiry,
            CaCert = m.String("cacert"),
        });

    private static BasicAuthConfig? ReadAuth(MapReader endpoint)
    {
        if (endpoint.Map("auth", required: true) is not { } m)
        {
            return null;
        }
        var username = m.String("username", required: true);
        var password = m.String("password", required: true);
        m.RejectUnknown();
        return username is null || password is null ? null : new BasicAuthConfig { Username = username, Password = password };
    }

    private static SkyDnsConfig ReadSkyDns(MapReader root, SkyDnsConfig d)
    {
        if (root.Map("skydns") is not { } m)
        {
            return d;
        }
        var result = new SkyDnsConfig
        {
            Path = m.String("path") ?? d.Path,
            Zone = m.String("zone") ?? d.Zone,
        };
        m.RejectUnknown();
        return result;
    }

    private static EtcdHostConfig? ReadEtcdHost(SpecReader r, YNode node, string path)
    {
        var d = new EtcdHostConfig();
        if (node is YScalar { Kind: ScalarKind.Null })
        {
            return d;
        }
        if (r.Map(node, path) is not { } m)
        {
            return null;
        }
        var result = new EtcdHostConfig
        {
            Port = Int(m, "port", 1, 65535) ?? d.Port,
            // Upstream takes any string, but the client builds "<protocol>://host:port" from it.
            Protocol = m.OneOf("protocol", Schemes) ?? d.Protocol,
            CaCert = m.String("ca_cert"),
            CertKey = m.String("cert_key"),
            // Upstream takes any integer; the HTTP client refuses a timeout of 0 or less at the first call.
            Timeout = Int(m, "timeout", min: 1),
            ApiPath = m.String("api_path"),
        };
        m.RejectUnknown();
        return result;
    }

    private static MetadataConfig ReadMetadata(MapReader root, MetadataConfig d)
    {
        if (root.Map("metadata") is not { } m)
        {
            return d;
        }
        var result = new MetadataConfig
        {
            Location = m.String("location") ?? d.Location,
            Size = Int(m, "size", min: MetadataConfig.MinimumSize) ?? d.Size,
            Namespaces = m.String("namespaces") ?? d.Namespaces,
        };
        m.RejectUnknown();
        return result;
    }

    private static AutodisableConfig ReadAutodisable(MapReader root, AutodisableConfig d)
    {
        if (root.Map("autodisable") is not { } m)
        {
            return d;
        }
        var result = new AutodisableConfig
        {
            Enabled = m.Bool("enabled") ?? d.Enabled,
            Failures = Int(m, "failures", min: 1) ?? d.Failures,
            Interval = Int(m, "interval", min: 1) ?? d.Interval,
            Increase = Int(m, "increase", min: 1) ?? d.Increase,
            MaxIncrease = Int(m, "max-increase", min: 1) ?? d.MaxIncrease,
            Strict = m.Bool("strict") ?? d.Strict,
        };
        m.RejectUnknown();
        return result;
    }

    /// <summary>Our <c>tools</c> block; absent keys keep the bare names upstream looks up on <c>PATH</c>.</summary>
    private static ToolsConfig ReadTools(MapReader root, ToolsConfig d)
    {
        if (root.Map("tools") is not { } m)
        {
            return d;
        }
        var result = new ToolsConfig
        {
            AppJail = Executable(m, "appjail") ?? d.AppJail,
            Director = Executable(m, "appjail-director") ?? d.Director,
            Rctl = Executable(m, "rctl") ?? d.Rctl,
            Sysctl = Executable(m, "sysctl") ?? d.Sysctl,
            KillGrace = Int(m, "kill_grace", min: 0) ?? d.KillGrace,
            ReadTimeout = Int(m, "read_timeout", min: 1) ?? d.ReadTimeout,
        };
        m.RejectUnknown();
        return result;
    }

    /// <summary>Our <c>jobs</c> block; <c>workers</c> follows <c>max_watch_commands</c> unless given.</summary>
    private static JobsConfig ReadJobs(MapReader root, JobsConfig d, int maxWatchCommands)
    {
        if (root.Map("jobs") is not { } m)
        {
            return d with { Workers = maxWatchCommands };
        }
        var database = m.String("database");
        if (database is { Length: 0 })
        {
            m.Reader.Error(m.Node.Find("database")!, m.Child("database"), "must not be empty: give the path of the job store's SQLite file.");
            database = null;
        }
        var result = new JobsConfig
        {
            Database = database ?? d.Database,
            Workers = Int(m, "workers", min: 1) ?? maxWatchCommands,
            LockRetry = Int(m, "lock_retry", min: 1) ?? d.LockRetry,
            Retention = Int(m, "retention", min: 0) ?? d.Retention,
        };
        m.RejectUnknown();
        return result;
    }

    /// <summary>A path or a bare name. Empty (often an unset variable) or padded text would only fail at the first run.</summary>
    private static string? Executable(MapReader m, string key)
    {
        if (m.String(key) is not { } text)
        {
            return null;
        }
        if (text.Length == 0 || text.Trim() != text || text.Contains('\0', StringComparison.Ordinal))
        {
            m.Reader.Error(m.Node.Find(key)!, m.Child(key), $"'{SpecReader.Shorten(text)}' is not a usable executable: give a path or a bare name found on PATH, without surrounding blanks.");
            return null;
        }
        return text;
    }

    /// <summary>
    /// A required http(s) base URL. Upstream accepts any string and fails at the first call; a missing scheme
    /// (<c>10.0.0.2:8888</c>) is the usual slip, so we catch it at load.
    /// </summary>
    private static string? Url(MapReader m, string key)
    {
        if (m.String(key, required: true) is not { } text)
        {
            return null;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !Schemes.Contains(uri.Scheme, StringComparer.Ordinal) || uri.Host.Length == 0)
        {
            m.Reader.Error(m.Node.Find(key)!, m.Child(key), $"'{SpecReader.Shorten(text)}' is not an http:// or https:// URL.");
            return null;
        }
        return text;
    }

    /// <summary>A required, non-empty secret. An empty one is most often an unset <c>${VARIABLE}</c>.</summary>
    private static string? Token(MapReader m, string key)
    {
        if (m.String(key, required: true) is not { } text)
        {
            return null;
        }
        if (text.Length == 0)
        {
            m.Reader.Error(m.Node.Find(key)!, m.Child(key), "must not be empty (is an environment variable it refers to unset?).");
            return null;
        }
        return text;
    }

    /// <summary>A timeout in seconds, as upstream reads it: a negative number means none (null).</summary>
    private static int? Timeout(MapReader m, string key, int? d) =>
        m.Take(key) is { } node
            ? Int(m.Reader, node, m.Child(key)) is { } value ? (value < 0 ? null : value) : d
            : d;

    private static int? Int(MapReader m, string key, long? min = null, long? max = null) =>
        m.Take(key) is { } node ? Int(m.Reader, node, m.Child(key), min, max) : null;

    /// <summary>An integer that fits the model's <c>int</c>; the framework reads 64-bit values.</summary>
    private static int? Int(SpecReader r, YNode node, string path, long? min = null, long? max = null)
    {
        if (r.Int(node, path, min, max) is not { } value)
        {
            return null;
        }
        if (value is < int.MinValue or > int.MaxValue)
        {
            r.Error(node, path, $"{value} is out of range; values from {int.MinValue} to {int.MaxValue} are accepted.");
            return null;
        }
        return (int)value;
    }
}
