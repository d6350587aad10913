using System.Text.Json;
using Overlord.Core.Config;
using Overlord.Core.Validation;

namespace Overlord.Core.Tests.Config;

public sealed class NodeConfigTests
{
    private const string File = "overlord.yml";

    private static readonly NodeConfigLoaderOptions Options = new()
    {
        Environment = name => name == "HOME" ? "/home/ops" : null,
        ReadFile = path => throw new FileNotFoundException("no such file", path),
        Prefix = "/opt/overlord",
        ProcessorCount = 3,
    };

    private static NodeConfigLoadResult Parse(string yaml, Func<string, string?>? environment = null) =>
        NodeConfigLoader.Parse(yaml, File, environment is null ? Options : Options with { Environment = environment });

    private static NodeConfig Valid(string yaml, Func<string, string?>? environment = null)
    {
        var result = Parse(yaml, environment);
        Assert.True(result.IsValid, "expected a valid config, got:\n" + string.Join("\n", result.Errors));
        return result.Config!;
    }

    private static SpecError SingleError(string yaml, Func<string, string?>? environment = null)
    {
        var result = Parse(yaml, environment);
        Assert.False(result.IsValid);
        Assert.Null(result.Config);
        return Assert.Single(result.Errors);
    }

    // ---- defaults ------------------------------------------------------------------------------------------

    [Fact]
    public void EmptyMapGivesUpstreamDefaults()
    {
        var c = Valid("{}");

        Assert.Equal("/opt/overlord/serverid", c.ServerId);
        Assert.Equal(8888, c.Port);
        Assert.Equal((null, null, 9331), (c.Tls.KeyFile, c.Tls.CertFile, c.Tls.Port));
        Assert.False(c.Tls.Enabled);
        Assert.False(c.Debug);
        Assert.True(c.CompressResponse);

        var p = c.Polling;
        Assert.Equal((180, 900, 900, 86400), (p.Adaptive.PollWindow, p.Adaptive.MaxIdle, p.Adaptive.IdlePenalty, p.Adaptive.MaxIdlePenalty));
        Assert.Equal((12, 8, 6, 4, 6, 9, 15), (p.JailStats, p.JailInfo, p.Projects, p.Jails, p.JailExtras, p.ProjectInfo, p.Autoscale));
        Assert.Null(p.Heartbeat);
        Assert.Equal(new PollingSkew(6, 10), p.Skew);
        AssertFullKeywords(p.Keywords);

        var m = c.Memcache;
        Assert.Equal(["127.0.0.1"], m.Connections);
        Assert.Null(m.MaxPoolSize);
        Assert.Equal((0, 2, 1, 60, 5, 8), (m.PoolIdleTimeout, m.RetryAttempts, m.RetryTimeout, m.DeadTimeout, m.ConnectTimeout, m.Timeout));
        Assert.True(m.NoDelay);

        Assert.Null(c.SecretKey);
        Assert.Equal("/opt/overlord/keyfile", c.SecretKeyFile);
        Assert.Null(c.LogConfig);
        Assert.Empty(c.Chains);
        Assert.Equal(["all"], c.Labels);
        Assert.Equal("/home/ops/.director/logs", c.Director.Logs);
        Assert.Equal(("/usr/local/appjail/jails", "/var/log/appjail", "/usr/local/appjail/cache/images"), (c.AppJail.Jails, c.AppJail.Logs, c.AppJail.Images));
        Assert.Equal(("127.0.0.1", 11300, (string?)null), (c.BeanstalkdAddr.Host, c.BeanstalkdAddr.Port, c.BeanstalkdAddr.UnixSocket));
        Assert.Equal("/opt/overlord/beanstalkd_secret", c.BeanstalkdSecret);
        Assert.Equal(10800, c.ExecutionTime);
        Assert.Null(c.DataPlaneApi);
        Assert.Null(c.HaproxyStats);
        Assert.Equal(("/skydns", "."), (c.SkyDns.Path, c.SkyDns.Zone));
        var etcd = Assert.Single(c.Etcd);
        Assert.Equal("localhost", etcd.Key);
        Assert.Equal(new EtcdHostConfig { Port = 2379, Protocol = "http" }, etcd.Value);
        Assert.Equal(3, c.MaxWatchCommands);
        Assert.Equal(("/opt/overlord/metadata", 1048576, "/opt/overlord/namespace"), (c.Metadata.Location, c.Metadata.Size, c.Metadata.Namespaces));
        Assert.Equal("/opt/overlord/components", c.Components);
        var a = c.Autodisable;
        Assert.Equal((true, true, 2, 60, 60, 1800), (a.Enabled, a.Strict, a.Failures, a.Interval, a.Increase, a.MaxIncrease));
        Assert.Equal(30, c.MaxAutoscaleLogs);
        Assert.Equal(600, c.AutoscaleLogsExpireTime);
        Assert.Equal(new ToolsConfig { AppJail = "appjail", Director = "appjail-director", Rctl = "rctl", Sysctl = "sysctl", KillGrace = 10 }, c.Tools);
        Assert.Equal(new JobsConfig { Database = "/opt/overlord/jobs.db", Workers = 3, LockRetry = 5 }, c.Jobs);
    }

    private static void AssertFullKeywords(PollingKeywords k)
    {
        Assert.Equal(PollingKeywordLists.Jail, k.Jail);
        Assert.Equal(32, k.Jail.Count);
        Assert.Equal(PollingKeywordLists.Stats, k.Stats);
        Assert.Equal(25, k.Stats.Count);
        Assert.Equal(["enabled", "name", "rule"], k.Devfs);
        Assert.Equal(["enabled", "name", "network_name", "hport", "jport", "protocol", "ext_if", "on_if", "rule"], k.Expose);
        Assert.Equal(17, k.Healthcheck.Count);
        Assert.Equal(["value"], k.Label);
        Assert.Equal(["action", "enabled", "name", "per", "resource", "rule"], k.Limits);
        Assert.Equal(["rule"], k.Nat);
        Assert.Equal(["name", "mountpoint", "type", "uid", "gid", "perm"], k.Volume);
        Assert.Equal(["enabled", "name", "device", "mountpoint", "type", "options", "dump", "pass"], k.Fstab);
    }

    [Fact]
    public void DefaultsMatchAnEmptyMapAndFollowTheOptions()
    {
        var defaults = NodeConfigLoader.Defaults(Options with { Prefix = "/srv/ov/", ProcessorCount = 0 });

        Assert.Equal("/srv/ov/serverid", defaults.ServerId);
        Assert.Equal("/srv/ov/namespace", defaults.Metadata.Namespaces);
        Assert.Equal(1, defaults.MaxWatchCommands); // never 0 workers
        // Structural comparison through JSON: records compare collections by reference.
        Assert.Equal(JsonSerializer.Serialize(NodeConfigLoader.Defaults(Options)), JsonSerializer.Serialize(Valid("{}")));
    }

    [Fact]
    public void DefaultPrefixIsUsrLocalOverlord()
    {
        var defaults = NodeConfigLoader.Defaults(new NodeConfigLoaderOptions { Environment = _ => "/home/x" });

        Assert.Equal("/usr/local/overlord/serverid", defaults.ServerId);
        Assert.Equal("/usr/local/overlord/keyfile", defaults.SecretKeyFile);
        Assert.Equal("/usr/local/overlord/components", defaults.Components);
        Assert.Equal("/usr/local/overlord/metadata", defaults.Metadata.Location);
        Assert.Equal(Environment.ProcessorCount, defaults.MaxWatchCommands);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("# every line commented out\n# port: 1234\n")]
    [InlineData("---\n")]
    [InlineData("~\n")]
    [InlineData("null")]
    public void EmptyDocumentGivesDefaultsLikeUpstream(string yaml)
    {
        var c = Valid(yaml);

        Assert.Equal(8888, c.Port);
        Assert.Equal("/opt/overlord/serverid", c.ServerId);
    }

    [Fact]
    public void EmptyFileBytesGiveDefaults()
    {
        var result = NodeConfigLoader.Load("# nothing here, señor\n"u8, File, Options);

        Assert.True(result.IsValid);
        Assert.False(result.Missing);
        Assert.Equal(8888, result.Config!.Port);
    }

    [Fact]
    public void ConfigWithoutLogConfigIsValid()
    {
        // Upstream rejects every config lacking log_config (dictConfig(None) raises); we do not copy that.
        var c = Valid("skydns: {zone: x.}");

        Assert.Equal("x.", c.SkyDns.Zone);
        Assert.Null(c.LogConfig);
    }

    [Fact]
    public void KeywordDefaultsDoNotDependOnAPollingBlock()
    {
        // Upstream uses a short jail/healthcheck/devfs/expose/limits/volume list without a polling block and the
        // full lists with one; we use the full lists in both cases.
        AssertFullKeywords(Valid("{}").Polling.Keywords);
        AssertFullKeywords(Valid("polling: {jails: 5}").Polling.Keywords);
        AssertFullKeywords(Valid("polling: {keywords: {}}").Polling.Keywords);
        var partial = Valid("polling:\n  keywords:\n    jail: [name]\n").Polling.Keywords;
        Assert.Equal(["name"], partial.Jail);
        Assert.Equal(PollingKeywordLists.Healthcheck, partial.Healthcheck);
    }

    [Fact]
    public void MemcachePoolIdleTimeoutDefaultsToTheDocumentedZero()
    {
        // Upstream's getter falls back to retry_attempts (2).
        Assert.Equal(0, Valid("memcache: {retry_attempts: 5}").Memcache.PoolIdleTimeout);
        Assert.Equal(0, Valid("{}").Memcache.PoolIdleTimeout);
    }

    [Fact]
    public void ExplicitNullMeansDefaultButExecutionTimeNullMeansNoLimit()
    {
        var c = Valid("port: null\nserverid: ~\nlabels:\ntls: null\nexecution_time: null\n");

        Assert.Equal(8888, c.Port);
        Assert.Equal("/opt/overlord/serverid", c.ServerId);
        Assert.Equal(["all"], c.Labels);
        Assert.Equal(9331, c.Tls.Port);
        Assert.Null(c.ExecutionTime);
        Assert.Equal(10800, Valid("port: 1").ExecutionTime);
    }

    // ---- a full config ---------------------------------------------------------------------------------------

    private const string FullConfig = """
        serverid: /var/db/overlord/serverid
        port: 8080
        tls:
          keyfile: /etc/ssl/node.key
          certfile: /etc/ssl/node.crt
          port: 8443
        debug: true
        compress_response: false
        polling:
          adaptive:
            poll_window: 60
            max_idle: 0
            idle_penalty: 30
            max_idle_penalty: 3600
          jail_stats: 1
          jail_info: 2
          projects: 3
          jails: 0
          jail_extras: 5
          project_info: 6
          autoscale: 7
          heartbeat: 30
          skew: [0, 0]
          keywords:
            jail: [name, status]
            stats: []
            volume: [name, mountpoint]
        memcache:
          connections: [10.0.0.5, "10.0.0.6:11211"]
          max_pool_size: 4
          pool_idle_timeout: 10
          retry_attempts: 3
          retry_timeout: 2
          dead_timeout: 30
          connect_timeout: 1
          timeout: 2
          no_delay: false
        secret_key: hunter2
        secret_keyfile: /var/db/overlord/keyfile
        log_config:
          version: 1
          handlers:
            console: {class: logging.StreamHandler, level: DEBUG}
          root: {handlers: [console], propagate: no, ratio: 0.5, since: 2024-01-01, none: ~}
        chains:
          rack_a:
            entrypoint: http://10.0.0.11:8888
            access_token: token-a
          rack-b:
            entrypoint: https://rack-b.example.org:9331/
            access_token: token-b
            timeout: -1
            read_timeout: 30
            write_timeout: 31
            connect_timeout: 0
            pool_timeout: 61
            max_keepalive_connections: 0
            max_connections: 8
            keepalive_expiry: 5
            disable: true
            cacert: /etc/ssl/ca.pem
            retry:
              total: 3.0
              max_backoff_wait: 2
              backoff_factor: 0.5
              respect_retry_after_header: false
              backoff_jitter: 0
        labels: [all, web.frontend, db-primary]
        director:
          logs: /var/log/director
        appjail:
          jails: /a/jails
          logs: /a/logs
          images: /a/images
        beanstalkd_addr: unix:/var/run/beanstalkd.sock
        beanstalkd_secret: /var/db/overlord/beanstalkd_secret
        execution_time: 60
        dataplaneapi:
          entrypoint: http://127.0.0.1:5555
          auth:
            username: admin
            password: dpapi-pass
          read_timeout: -5
          cacert: /etc/ssl/haproxy.pem
        haproxy_stats:
          entrypoint: http://127.0.0.1:8404/stats
          auth: {username: stats, password: stats-pass}
        skydns:
          path: /dns
          zone: example.org.
        etcd:
          etcd1.example.org:
            port: 2380
            protocol: https
            ca_cert: /etc/ssl/etcd-ca.pem
            cert_key: /etc/ssl/etcd.key
            timeout: 5
            api_path: /v3/
          etcd2.example.org:
          etcd3.example.org: {}
        max_watch_commands: 16
        metadata:
          location: /var/db/overlord/metadata
          size: 1024
          namespaces: /var/db/overlord/namespaces
        components: /var/cache/overlord/components
        autodisable:
          enabled: false
          strict: false
          failures: 5
          interval: 10
          increase: 20
          max-increase: 300
        max_autoscale_logs: 100
        autoscale_logs_expire_time: 1
        tools:
          appjail: /usr/local/bin/appjail
          appjail-director: appjail-director-0.17
          rctl: /usr/bin/rctl
          sysctl: /sbin/sysctl
          kill_grace: 0
          read_timeout: 20
        """;

    [Fact]
    public void FullConfigBindsEveryKey()
    {
        var c = Valid(FullConfig);

        Assert.Equal("/var/db/overlord/serverid", c.ServerId);
        Assert.Equal(8080, c.Port);
        Assert.Equal(new TlsConfig { KeyFile = "/etc/ssl/node.key", CertFile = "/etc/ssl/node.crt", Port = 8443 }, c.Tls);
        Assert.True(c.Tls.Enabled);
        Assert.True(c.Debug);
        Assert.False(c.CompressResponse);

        var p = c.Polling;
        Assert.Equal(new AdaptivePollingConfig { PollWindow = 60, MaxIdle = 0, IdlePenalty = 30, MaxIdlePenalty = 3600 }, p.Adaptive);
        Assert.Equal((1, 2, 3, 0, 5, 6, 7, 30), (p.JailStats, p.JailInfo, p.Projects, p.Jails, p.JailExtras, p.ProjectInfo, p.Autoscale, p.Heartbeat));
        Assert.Equal(new PollingSkew(0, 0), p.Skew);
        Assert.Equal(["name", "status"], p.Keywords.Jail);
        Assert.Empty(p.Keywords.Stats);
        Assert.Equal(["name", "mountpoint"], p.Keywords.Volume);
        Assert.Equal(PollingKeywordLists.Fstab, p.Keywords.Fstab);

        var m = c.Memcache;
        Assert.Equal(["10.0.0.5", "10.0.0.6:11211"], m.Connections);
        Assert.Equal((4, 10, 3, 2, 30, 1, 2, false), (m.MaxPoolSize, m.PoolIdleTimeout, m.RetryAttempts, m.RetryTimeout, m.DeadTimeout, m.ConnectTimeout, m.Timeout, m.NoDelay));

        Assert.Equal("hunter2", c.SecretKey);
        Assert.Equal("/var/db/overlord/keyfile", c.SecretKeyFile);

        var log = c.LogConfig!.Value;
        Assert.Equal(1, log.GetProperty("version").GetInt32());
        Assert.Equal("logging.StreamHandler", log.GetProperty("handlers").GetProperty("console").GetProperty("class").GetString());
        var root = log.GetProperty("root");
        Assert.Equal("console", root.GetProperty("handlers")[0].GetString());
        Assert.Equal(JsonValueKind.False, root.GetProperty("propagate").ValueKind);
        Assert.Equal(0.5, root.GetProperty("ratio").GetDouble());
        Assert.Equal("2024-01-01", root.GetProperty("since").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("none").ValueKind);

        Assert.Equal(["rack_a", "rack-b"], c.Chains.Keys);
        Assert.Equal(new ChainConfig { Entrypoint = "http://10.0.0.11:8888", AccessToken = "token-a" }, c.Chains["rack_a"]);
        var b = c.Chains["rack-b"];
        Assert.Equal("https://rack-b.example.org:9331/", b.Entrypoint);
        Assert.Equal("token-b", b.AccessToken);
        Assert.Null(b.Timeout); // negative = no timeout, as upstream reads it
        Assert.Equal((30, 31, 0, 61), (b.ReadTimeout, b.WriteTimeout, b.ConnectTimeout, b.PoolTimeout));
        Assert.Equal((0, 8, 5), (b.MaxKeepaliveConnections, b.MaxConnections, b.KeepaliveExpiry));
        Assert.True(b.Disable);
        Assert.Equal("/etc/ssl/ca.pem", b.CaCert);
        Assert.Equal(new RetryConfig { Total = 3, MaxBackoffWait = 2, BackoffFactor = 0.5, RespectRetryAfterHeader = false, BackoffJitter = 0 }, b.Retry);

        Assert.Equal(["all", "web.frontend", "db-primary"], c.Labels);
        Assert.Equal("/var/log/director", c.Director.Logs);
        Assert.Equal(new AppJailConfig { Jails = "/a/jails", Logs = "/a/logs", Images = "/a/images" }, c.AppJail);
        Assert.Equal("/var/run/beanstalkd.sock", c.BeanstalkdAddr.UnixSocket);
        Assert.Null(c.BeanstalkdAddr.Host);
        Assert.Equal("/var/db/overlord/beanstalkd_secret", c.BeanstalkdSecret);
        Assert.Equal(60, c.ExecutionTime);

        var dp = c.DataPlaneApi!;
        Assert.Equal("http://127.0.0.1:5555", dp.Entrypoint);
        Assert.Equal(new BasicAuthConfig { Username = "admin", Password = "dpapi-pass" }, dp.Auth);
        Assert.Null(dp.ReadTimeout);
        Assert.Equal((0, 30, 10, 60), (dp.Timeout, dp.WriteTimeout, dp.ConnectTimeout, dp.PoolTimeout));
        Assert.Equal((1000, 1024, 60), (dp.MaxKeepaliveConnections, dp.MaxConnections, dp.KeepaliveExpiry));
        Assert.Equal("/etc/ssl/haproxy.pem", dp.CaCert);
        Assert.Equal("http://127.0.0.1:8404/stats", c.HaproxyStats!.Entrypoint);
        Assert.Equal("stats-pass", c.HaproxyStats.Auth.Password);
        Assert.Equal(30, c.HaproxyStats.ReadTimeout);

        Assert.Equal(new SkyDnsConfig { Path = "/dns", Zone = "example.org." }, c.SkyDns);
        Assert.Equal(["etcd1.example.org", "etcd2.example.org", "etcd3.example.org"], c.Etcd.Keys);
        Assert.Equal(new EtcdHostConfig { Port = 2380, Protocol = "https", CaCert = "/etc/ssl/etcd-ca.pem", CertKey = "/etc/ssl/etcd.key", Timeout = 5, ApiPath = "/v3/" }, c.Etcd["etcd1.example.org"]);
        Assert.Equal(new EtcdHostConfig(), c.Etcd["etcd2.example.org"]);
        Assert.Equal(new EtcdHostConfig(), c.Etcd["etcd3.example.org"]);
        Assert.Equal(16, c.MaxWatchCommands);
        Assert.Equal(new MetadataConfig { Location = "/var/db/overlord/metadata", Size = 1024, Namespaces = "/var/db/overlord/namespaces" }, c.Metadata);
        Assert.Equal("/var/cache/overlord/components", c.Components);
        Assert.Equal(new AutodisableConfig { Enabled = false, Strict = false, Failures = 5, Interval = 10, Increase = 20, MaxIncrease = 300 }, c.Autodisable);
        Assert.Equal(100, c.MaxAutoscaleLogs);
        Assert.Equal(1, c.AutoscaleLogsExpireTime);
        Assert.Equal(new ToolsConfig { AppJail = "/usr/local/bin/appjail", Director = "appjail-director-0.17", Rctl = "/usr/bin/rctl", Sysctl = "/sbin/sysctl", KillGrace = 0, ReadTimeout = 20 }, c.Tools);
    }

    [Fact]
    public void ToolsBlockIsOptionalAndPartial()
    {
        // Our extension: upstream configs have no tools block and keep finding the tools on PATH.
        Assert.Equal(new ToolsConfig(), Valid("tools:").Tools);
        Assert.Equal(new ToolsConfig(), Valid("tools: {}").Tools);
        var partial = Valid("tools:\n  appjail: /opt/aj/bin/appjail\n  kill_grace: 3\n  read_timeout: 5").Tools;
        Assert.Equal(("/opt/aj/bin/appjail", "appjail-director", 3, 5), (partial.AppJail, partial.Director, partial.KillGrace, partial.ReadTimeout));
    }

    [Fact]
    public void JobsBlockIsOptionalAndWorkersFollowMaxWatchCommands()
    {
        // Our extension: upstream configs have no jobs block; the store goes under the prefix and runs as many jobs
        // at once as upstream's watchers would.
        Assert.Equal(new JobsConfig { Database = "/opt/overlord/jobs.db", Workers = 7 }, Valid("max_watch_commands: 7").Jobs);
        Assert.Equal(new JobsConfig { Database = "/opt/overlord/jobs.db", Workers = 7 }, Valid("jobs:\nmax_watch_commands: 7").Jobs);
        Assert.Equal(new JobsConfig { Database = "/opt/overlord/jobs.db", Workers = 3 }, Valid("jobs: {}").Jobs);
        var given = Valid("max_watch_commands: 7\njobs:\n  database: /var/db/overlord/jobs.db\n  workers: 2\n  lock_retry: 1\n  retention: 0").Jobs;
        Assert.Equal(new JobsConfig { Database = "/var/db/overlord/jobs.db", Workers = 2, LockRetry = 1, Retention = 0 }, given);
        Assert.Equal(30 * 24 * 3600, Valid("jobs: {}").Jobs.Retention);
    }

    [Fact]
    public void WithSecretsMaskedHidesKeyTokensAndPasswordsOnly()
    {
        var masked = Valid(FullConfig).WithSecretsMasked();

        Assert.Equal("***", masked.SecretKey);
        Assert.All(masked.Chains.Values, chain => Assert.Equal("***", chain.AccessToken));
        Assert.Equal("http://10.0.0.11:8888", masked.Chains["rack_a"].Entrypoint);
        Assert.Equal(new BasicAuthConfig { Username = "admin", Password = "***" }, masked.DataPlaneApi!.Auth);
        Assert.Equal(new BasicAuthConfig { Username = "stats", Password = "***" }, masked.HaproxyStats!.Auth);
        Assert.Null(Valid("{}").WithSecretsMasked().SecretKey);
    }

    // ---- every validated key -------------------------------------------------------------------------------

    [Theory]
    [InlineData("port: 0", 1, 7, "port", "must be between 1 and 65535, got 0")]
    [InlineData("port: 65536", 1, 7, "port", "got 65536")]
    [InlineData("port: '8888'", 1, 7, "port", "expected an integer, got a string")]
    [InlineData("port: true", 1, 7, "port", "expected an integer, got a boolean")]
    [InlineData("serverid: 1", 1, 11, "serverid", "expected a string")]
    [InlineData("tls:\n  keyfile: /k.pem", 2, 3, "tls.certfile", "'tls.keyfile' is given without 'tls.certfile'")]
    [InlineData("tls:\n  certfile: /c.pem", 2, 3, "tls.keyfile", "give both or neither")]
    [InlineData("tls:\n  port: 70000", 2, 9, "tls.port", "between 1 and 65535")]
    [InlineData("tls:\n  key: /k.pem", 2, 3, "tls.key", "unknown key 'key'")]
    [InlineData("tls: on", 1, 6, "tls", "expected a map")]
    [InlineData("debug: 1", 1, 8, "debug", "expected a boolean")]
    [InlineData("compress_response: 'yes'", 1, 20, "compress_response", "expected a boolean")]
    [InlineData("polling:\n  jails: -1", 2, 10, "polling.jails", "must be 0 or more, got -1")]
    [InlineData("polling:\n  heartbeat: -5", 2, 14, "polling.heartbeat", "0 or more")]
    [InlineData("polling:\n  interval: 5", 2, 3, "polling.interval", "unknown key")]
    [InlineData("polling:\n  adaptive:\n    max_idle_penalty: 0", 3, 23, "polling.adaptive.max_idle_penalty", "must be 1 or more")]
    [InlineData("polling:\n  adaptive:\n    poll_window: -1", 3, 18, "polling.adaptive.poll_window", "0 or more")]
    [InlineData("polling:\n  skew: [1]", 2, 9, "polling.skew", "two integers, [min, max], got 1 item(s)")]
    [InlineData("polling:\n  skew: [5, 2]", 2, 9, "polling.skew", "the minimum (5) is greater than the maximum (2)")]
    [InlineData("polling:\n  skew: [-1, 2]", 2, 10, "polling.skew[0]", "0 or more")]
    [InlineData("polling:\n  skew: [1, x]", 2, 13, "polling.skew[1]", "expected an integer")]
    [InlineData("polling:\n  skew: 5", 2, 9, "polling.skew", "expected a list of two integers")]
    [InlineData("polling:\n  keywords:\n    stats: [cputime, msgqsiz]", 3, 22, "polling.keywords.stats[1]", "'msgqsiz' is not one of: cputime")]
    [InlineData("polling:\n  keywords:\n    jails: [name]", 3, 5, "polling.keywords.jails", "did you mean 'jail'?")]
    [InlineData("polling:\n  keywords:\n    nat: rule", 3, 10, "polling.keywords.nat", "expected a list")]
    [InlineData("memcache:\n  pool_idle_timeout: -1", 2, 22, "memcache.pool_idle_timeout", "0 or more")]
    [InlineData("memcache:\n  max_pool_size: 0", 2, 18, "memcache.max_pool_size", "1 or more")]
    [InlineData("memcache:\n  timeout: 0", 2, 12, "memcache.timeout", "1 or more")]
    [InlineData("memcache:\n  connections: 127.0.0.1", 2, 16, "memcache.connections", "expected a list")]
    [InlineData("memcache:\n  connections: [1]", 2, 17, "memcache.connections[0]", "expected a string")]
    [InlineData("memcache:\n  no_delay: 1", 2, 13, "memcache.no_delay", "expected a boolean")]
    [InlineData("memcache:\n  id: 1", 2, 3, "memcache.id", "unknown key")]
    [InlineData("secret_key: 42", 1, 13, "secret_key", "expected a string, got an integer (42); quote it")]
    [InlineData("secret_keyfile: 1", 1, 17, "secret_keyfile", "expected a string")]
    [InlineData("log_config: [a]", 1, 13, "log_config", "expected a map (Python logging dictConfig settings)")]
    [InlineData("chains: [a]", 1, 9, "chains", "expected a map")]
    [InlineData("chains:\n  a.b:\n    entrypoint: http://x\n    access_token: t", 2, 3, "chains.a.b", "'a.b' is not a valid name")]
    [InlineData("chains:\n  -x: {entrypoint: http://x, access_token: t}", 2, 3, "chains.-x", "not starting with '-'")]
    [InlineData("chains:\n  1: {entrypoint: http://x, access_token: t}", 2, 3, "chains.1", "the key must be a string")]
    [InlineData("chains:\n  main:\n    access_token: t", 3, 5, "chains.main.entrypoint", "the required key 'entrypoint' is missing")]
    [InlineData("chains:\n  main:\n    entrypoint: http://x", 3, 5, "chains.main.access_token", "the required key 'access_token' is missing")]
    [InlineData("chains:\n  main:\n    entrypoint: 10.0.0.2:8888\n    access_token: t", 3, 17, "chains.main.entrypoint", "is not an http:// or https:// URL")]
    [InlineData("chains:\n  main:\n    entrypoint: ftp://x\n    access_token: t", 3, 17, "chains.main.entrypoint", "http:// or https://")]
    [InlineData("chains:\n  main:\n    entrypoint: http://x\n    access_token: ''", 4, 19, "chains.main.access_token", "must not be empty")]
    [InlineData("chains:\n  main:\nport: 1", 2, 8, "chains.main", "got nothing (null)")]
    [InlineData("chains:\n  main:\n    entrypoint: http://x\n    access_token: t\n    timeout: 1.5", 5, 14, "chains.main.timeout", "expected an integer, got a number")]
    [InlineData("chains:\n  main:\n    entrypoint: http://x\n    access_token: t\n    max_connections: 0", 5, 22, "chains.main.max_connections", "1 or more")]
    [InlineData("chains:\n  main:\n    entrypoint: http://x\n    access_token: t\n    disable: 'no'", 5, 14, "chains.main.disable", "expected a boolean")]
    [InlineData("chains:\n  main:\n    entrypoint: http://x\n    access_token: t\n    cacert: [a]", 5, 13, "chains.main.cacert", "expected a string")]
    [InlineData("chains:\n  main:\n    entrypoint: http://x\n    access_token: t\n    token: t", 5, 5, "chains.main.token", "unknown key")]
    [InlineData("chains:\n  main:\n    entrypoint: http://x\n    access_token: t\n    retry:\n      total: 2.5", 6, 14, "chains.main.retry.total", "whole number of retries, got 2.5")]
    [InlineData("chains:\n  main:\n    entrypoint: http://x\n    access_token: t\n    retry:\n      backoff_factor: -1", 6, 23, "chains.main.retry.backoff_factor", "must be 0 or more")]
    [InlineData("chains:\n  main:\n    entrypoint: http://x\n    access_token: t\n    retry:\n      max_backoff_wait: .inf", 6, 25, "chains.main.retry.max_backoff_wait", "finite number")]
    [InlineData("chains:\n  main:\n    entrypoint: http://x\n    access_token: t\n    retry:\n      respect_retry_after_header: 1", 6, 35, "chains.main.retry.respect_retry_after_header", "boolean")]
    [InlineData("chains:\n  main:\n    entrypoint: http://x\n    access_token: t\n    retry:\n      tries: 3", 6, 7, "chains.main.retry.tries", "unknown key")]
    [InlineData("labels: []", 1, 9, "labels", "must not be an empty list")]
    [InlineData("labels: [all, Web]", 1, 15, "labels[1]", "'Web' is not valid: labels are lower-case")]
    [InlineData("labels: all", 1, 9, "labels", "expected a list")]
    [InlineData("director:\n  log: /x", 2, 3, "director.log", "unknown key 'log'")]
    [InlineData("director: /x", 1, 11, "director", "expected a map")]
    [InlineData("appjail:\n  jails: 1", 2, 10, "appjail.jails", "expected a string")]
    [InlineData("appjail:\n  cache: /x", 2, 3, "appjail.cache", "unknown key")]
    [InlineData("beanstalkd_addr: 'h:x'", 1, 18, "beanstalkd_addr", "the port 'x' is not a number between 1 and 65535")]
    [InlineData("beanstalkd_addr: 'unix:'", 1, 18, "beanstalkd_addr", "followed by the socket path")]
    [InlineData("beanstalkd_addr: 11300", 1, 18, "beanstalkd_addr", "expected a string")]
    [InlineData("beanstalkd_secret: []", 1, 20, "beanstalkd_secret", "expected a string")]
    [InlineData("execution_time: 0", 1, 17, "execution_time", "write 'execution_time: null' for no limit")]
    [InlineData("execution_time: '1h'", 1, 17, "execution_time", "expected an integer")]
    [InlineData("execution_time: 99999999999", 1, 17, "execution_time", "out of range")]
    [InlineData("dataplaneapi:\n  entrypoint: http://127.0.0.1:5555", 2, 3, "dataplaneapi.auth", "the required key 'auth' is missing")]
    [InlineData("dataplaneapi:\n  auth: {username: u, password: p}", 2, 3, "dataplaneapi.entrypoint", "the required key 'entrypoint' is missing")]
    [InlineData("dataplaneapi:\n  entrypoint: http://h\n  auth: {username: u}", 3, 9, "dataplaneapi.auth.password", "the required key 'password' is missing")]
    [InlineData("dataplaneapi:\n  entrypoint: http://h\n  auth: {username: u, password: p, token: t}", 3, 36, "dataplaneapi.auth.token", "unknown key")]
    [InlineData("dataplaneapi:\n  entrypoint: http://h\n  auth: {username: u, password: p}\n  max_keepalive_connections: -1", 4, 30, "dataplaneapi.max_keepalive_connections", "0 or more")]
    [InlineData("haproxy_stats:\n  entrypoint: http://h\n  auth: {username: u, password: p}\n  read_timeout: x", 4, 17, "haproxy_stats.read_timeout", "expected an integer")]
    [InlineData("haproxy_stats:\n  entrypoint: h:8404\n  auth: {username: u, password: p}", 2, 15, "haproxy_stats.entrypoint", "http:// or https://")]
    [InlineData("haproxy_stats:\n  entrypoint: http://h", 2, 3, "haproxy_stats.auth", "missing")]
    [InlineData("skydns:\n  zone: 1", 2, 9, "skydns.zone", "expected a string")]
    [InlineData("skydns:\n  ttl: 1", 2, 3, "skydns.ttl", "unknown key")]
    [InlineData("etcd: [localhost]", 1, 7, "etcd", "expected a map")]
    [InlineData("etcd:\n  localhost:\n    port: 0", 3, 11, "etcd.localhost.port", "between 1 and 65535")]
    [InlineData("etcd:\n  h1:\n    protocol: ftp", 3, 15, "etcd.h1.protocol", "'ftp' is not one of: http, https")]
    [InlineData("etcd:\n  h1:\n    timeout: 0", 3, 14, "etcd.h1.timeout", "1 or more")]
    [InlineData("etcd:\n  h1:\n    ca_cert: 1", 3, 14, "etcd.h1.ca_cert", "expected a string")]
    [InlineData("etcd:\n  h1:\n    user: x", 3, 5, "etcd.h1.user", "unknown key")]
    [InlineData("etcd:\n  h1: 2379", 2, 7, "etcd.h1", "expected a map")]
    [InlineData("etcd:\n  'a b': {}", 2, 3, "etcd.a b", "without spaces")]
    [InlineData("max_watch_commands: 0", 1, 21, "max_watch_commands", "1 or more")]
    [InlineData("metadata:\n  size: 1023", 2, 9, "metadata.size", "must be 1024 or more, got 1023")]
    [InlineData("metadata:\n  location: 1", 2, 13, "metadata.location", "expected a string")]
    [InlineData("metadata:\n  dir: /x", 2, 3, "metadata.dir", "unknown key")]
    [InlineData("components: 1", 1, 13, "components", "expected a string")]
    [InlineData("autodisable:\n  failures: 0", 2, 13, "autodisable.failures", "1 or more")]
    [InlineData("autodisable:\n  interval: 0", 2, 13, "autodisable.interval", "1 or more")]
    [InlineData("autodisable:\n  increase: -1", 2, 13, "autodisable.increase", "1 or more")]
    [InlineData("autodisable:\n  max-increase: 0", 2, 17, "autodisable.max-increase", "1 or more")]
    [InlineData("autodisable:\n  max_increase: 60", 2, 3, "autodisable.max_increase", "did you mean 'max-increase'?")]
    [InlineData("autodisable:\n  strict: 1", 2, 11, "autodisable.strict", "expected a boolean")]
    [InlineData("autodisable:\n  enabled: 'true'", 2, 12, "autodisable.enabled", "expected a boolean")]
    [InlineData("max_autoscale_logs: 0", 1, 21, "max_autoscale_logs", "1 or more")]
    [InlineData("autoscale_logs_expire_time: 0", 1, 29, "autoscale_logs_expire_time", "1 or more")]
    [InlineData("tools: appjail", 1, 8, "tools", "expected a map")]
    [InlineData("tools:\n  appjail: 1", 2, 12, "tools.appjail", "expected a string")]
    [InlineData("tools:\n  appjail-director: ''", 2, 21, "tools.appjail-director", "is not a usable executable")]
    [InlineData("tools:\n  rctl: ' /usr/bin/rctl'", 2, 9, "tools.rctl", "without surrounding blanks")]
    [InlineData("tools:\n  sysctl: [a]", 2, 11, "tools.sysctl", "expected a string")]
    [InlineData("tools:\n  kill_grace: -1", 2, 15, "tools.kill_grace", "must be 0 or more, got -1")]
    [InlineData("tools:\n  kill_grace: 1.5", 2, 15, "tools.kill_grace", "expected an integer")]
    [InlineData("tools:\n  read_timeout: 0", 2, 17, "tools.read_timeout", "must be 1 or more, got 0")]
    [InlineData("tools:\n  director: /x", 2, 3, "tools.director", "unknown key 'director'")]
    [InlineData("tools:\n  appjail_director: /x", 2, 3, "tools.appjail_director", "did you mean 'appjail-director'?")]
    [InlineData("tool: {}", 1, 1, "tool", "did you mean 'tools'?")]
    [InlineData("jobs: /var/db/jobs.db", 1, 7, "jobs", "expected a map")]
    [InlineData("jobs:\n  database: 1", 2, 13, "jobs.database", "expected a string")]
    [InlineData("jobs:\n  database: ''", 2, 13, "jobs.database", "must not be empty")]
    [InlineData("jobs:\n  workers: 0", 2, 12, "jobs.workers", "must be 1 or more, got 0")]
    [InlineData("jobs:\n  workers: two", 2, 12, "jobs.workers", "expected an integer")]
    [InlineData("jobs:\n  lock_retry: 0", 2, 15, "jobs.lock_retry", "must be 1 or more, got 0")]
    [InlineData("jobs:\n  retention: -1", 2, 14, "jobs.retention", "must be 0 or more, got -1")]
    [InlineData("jobs:\n  worker: 2", 2, 3, "jobs.worker", "did you mean 'workers'?")]
    [InlineData("prot: 1", 1, 1, "prot", "did you mean 'port'?")]
    [InlineData("- port\n- 1", 1, 1, "", "the config must be a map of keys")]
    [InlineData("port: 1\nport: 2", 2, 1, "", "duplicate key 'port'")]
    public void InvalidValueIsReportedWithPositionAndKeyPath(string yaml, int line, int column, string keyPath, string fragment)
    {
        var error = SingleError(yaml);

        Assert.Equal((File, line, column, keyPath), (error.File, error.Line, error.Column, error.KeyPath));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnceInDocumentOrder()
    {
        const string yaml = """
            port: 0
            labels: [Bad]
            chains:
              main:
                entrypoint: nope
            metadata:
              size: 1
            bogus: true
            """;

        var result = Parse(yaml);

        Assert.False(result.IsValid);
        Assert.Equal(
            [
                (1, 7, "port"),
                (2, 10, "labels[0]"),
                (5, 5, "chains.main.access_token"),
                (5, 17, "chains.main.entrypoint"),
                (7, 9, "metadata.size"),
                (8, 1, "bogus"),
            ],
            result.Errors.Select(e => (e.Line, e.Column, e.KeyPath)));
        Assert.Contains("access_token", result.Errors[2].Message, StringComparison.Ordinal);
        Assert.Equal($"{File}:1:7: port: must be between 1 and 65535, got 0.", result.Errors[0].ToString());
    }

    [Fact]
    public void MaxIncreaseAndMaxAutoscaleLogsAreValidated()
    {
        // Upstream's checks read misspelled keys (max_increase, max_autoscale_log), so these went unchecked.
        Assert.Equal("autodisable.max-increase", SingleError("autodisable:\n  max-increase: x").KeyPath);
        Assert.Equal("max_autoscale_logs", SingleError("max_autoscale_logs: -3").KeyPath);
        Assert.Equal(900, Valid("autodisable:\n  max-increase: 900").Autodisable.MaxIncrease);
    }

    // ---- beanstalkd_addr ------------------------------------------------------------------------------------

    [Theory]
    [InlineData("10.0.0.9", "10.0.0.9", 11300)]
    [InlineData("10.0.0.9:11301", "10.0.0.9", 11301)]
    [InlineData("queue.example.org:7", "queue.example.org", 7)]
    [InlineData("[::1]:11302", "::1", 11302)]
    [InlineData("[::1]", "::1", 11300)]
    [InlineData("fe80::1", "fe80::1", 11300)]
    public void BeanstalkdAddrTakesHostAndOptionalPort(string text, string host, int port)
    {
        // Upstream turns a bare host into ([host], 11300); we give it the default port.
        var address = Valid($"beanstalkd_addr: '{text}'").BeanstalkdAddr;

        Assert.Equal((host, port, (string?)null), (address.Host, address.Port, address.UnixSocket));
        Assert.True(BeanstalkdAddress.TryParse(address.ToString(), out var again, out _));
        Assert.Equal(address, again);
    }

    // ---- environment ----------------------------------------------------------------------------------------

    [Fact]
    public void EnvReferencesAreExpandedFromTheGivenEnvironment()
    {
        const string yaml = """
            secret_key: !ENV '${SECRET}'
            chains:
              main:
                entrypoint: !ENV 'http://${CHILD_HOST:10.0.0.1}:${CHILD_PORT:8888}'
                access_token: ${TOKEN}
            labels:
              - ${ROLE:web}
            director:
              logs: !ENV '${HOME}/director-logs'
            """;
        var environment = new Dictionary<string, string> { ["SECRET"] = "s3cret", ["TOKEN"] = "tok-123", ["CHILD_PORT"] = "9000", ["HOME"] = "/home/ops" };

        var c = Valid(yaml, name => environment.GetValueOrDefault(name));

        Assert.Equal("s3cret", c.SecretKey);
        Assert.Equal("http://10.0.0.1:9000", c.Chains["main"].Entrypoint);
        Assert.Equal("tok-123", c.Chains["main"].AccessToken);
        Assert.Equal(["web"], c.Labels);
        Assert.Equal("/home/ops/director-logs", c.Director.Logs);
    }

    [Fact]
    public void AnUnsetTokenVariableIsCaughtAtLoad()
    {
        var error = SingleError("chains:\n  main:\n    entrypoint: http://x\n    access_token: !ENV '${MISSING_TOKEN}'", _ => null);

        Assert.Equal((4, 19, "chains.main.access_token"), (error.Line, error.Column, error.KeyPath));
        Assert.Contains("environment variable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpandedValuesAreStringsAsUpstream()
    {
        // pyaml_env substitutes text, so "port: ${PORT}" is the string "9000" and fails the integer check upstream too.
        var error = SingleError("port: ${PORT}", name => name == "PORT" ? "9000" : null);

        Assert.Equal("port", error.KeyPath);
        Assert.Contains("expected an integer, got a string ('9000')", error.Message, StringComparison.Ordinal);
    }

    // ---- finding and reading the file -----------------------------------------------------------------------

    [Fact]
    public void ResolvePathPrefersOptionThenEnvironmentThenCurrentDirectory()
    {
        var cwd = Path.Combine(Path.GetTempPath(), "node");
        Func<string, string?> env = name => name == "OVERLORD_CONFIG" ? "/etc/overlord.yml" : null;

        Assert.Equal(new NodeConfigPath(Path.Combine(cwd, "mine.yml"), NodeConfigPathSource.Option), NodeConfigLoader.ResolvePath("mine.yml", env, cwd));
        Assert.Equal(new NodeConfigPath("/srv/o.yml", NodeConfigPathSource.Option), NodeConfigLoader.ResolvePath("/srv/o.yml", env, cwd));
        Assert.Equal(new NodeConfigPath("/etc/overlord.yml", NodeConfigPathSource.Environment), NodeConfigLoader.ResolvePath(null, env, cwd));
        Assert.Equal(new NodeConfigPath("/etc/overlord.yml", NodeConfigPathSource.Environment), NodeConfigLoader.ResolvePath("", env, cwd));
        Assert.Equal(new NodeConfigPath(Path.Combine(cwd, "conf", "o.yml"), NodeConfigPathSource.Environment),
            NodeConfigLoader.ResolvePath(null, name => name == "OVERLORD_CONFIG" ? "conf/o.yml" : null, cwd));
        var fallback = NodeConfigLoader.ResolvePath(null, name => name == "OVERLORD_CONFIG" ? "" : null, cwd);
        Assert.Equal(new NodeConfigPath(Path.Combine(cwd, ".overlord.yml"), NodeConfigPathSource.Default), fallback);
        Assert.False(fallback.MustExist);
        Assert.True(NodeConfigLoader.ResolvePath(null, env, cwd).MustExist);
    }

    [Fact]
    public void MissingImplicitFileGivesDefaults()
    {
        using var dir = new TempDirectory();
        var location = NodeConfigLoader.ResolvePath(null, _ => null, dir.Path);

        var result = NodeConfigLoader.Load(location, Options with { ReadFile = System.IO.File.ReadAllBytes });

        Assert.True(result.IsValid);
        Assert.True(result.Missing);
        Assert.Equal(Path.Combine(dir.Path, ".overlord.yml"), result.Path);
        Assert.Equal(8888, result.Config!.Port);
    }

    [Fact]
    public void MissingNamedFileIsAnError()
    {
        using var dir = new TempDirectory();
        var options = Options with { ReadFile = System.IO.File.ReadAllBytes };
        Func<string, string?> env = name => name == "OVERLORD_CONFIG" ? "gone.yml" : null;

        foreach (var location in new[] { NodeConfigLoader.ResolvePath("absent.yml", _ => null, dir.Path), NodeConfigLoader.ResolvePath(null, env, dir.Path) })
        {
            var result = NodeConfigLoader.Load(location, options);

            Assert.False(result.IsValid);
            Assert.False(result.Missing);
            var error = Assert.Single(result.Errors);
            Assert.Equal((location.Path, 1, 1, ""), (error.File, error.Line, error.Column, error.KeyPath));
            Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        }
        Assert.False(NodeConfigLoader.LoadFile(Path.Combine(dir.Path, "nope", "x.yml"), options).IsValid);
    }

    [Fact]
    public void FileFoundThroughTheCurrentDirectoryIsLoaded()
    {
        using var dir = new TempDirectory();
        dir.Write(".overlord.yml", "port: 9000\nlabels: [edge]\n");

        var result = NodeConfigLoader.Load(NodeConfigLoader.ResolvePath(null, _ => null, dir.Path), Options with { ReadFile = System.IO.File.ReadAllBytes });

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.False(result.Missing);
        Assert.Equal((9000, "edge"), (result.Config!.Port, result.Config.Labels.Single()));
    }

    [Fact]
    public void UnreadableFileIsAnErrorNotAnException()
    {
        var options = Options with { ReadFile = _ => throw new UnauthorizedAccessException("permission denied") };

        var result = NodeConfigLoader.LoadFile("/etc/overlord.yml", options);

        var error = Assert.Single(result.Errors);
        Assert.Equal("/etc/overlord.yml:1:1: cannot read the config file: permission denied", error.ToString());
        // Even when the name was implicit: only a missing file falls back to the defaults.
        Assert.False(NodeConfigLoader.Load(new NodeConfigPath("/x/.overlord.yml", NodeConfigPathSource.Default), options).IsValid);
    }

    [Fact]
    public void InvalidEncodingIsReported()
    {
        var result = NodeConfigLoader.Load([0x70, 0x6F, 0x72, 0x74, 0x3A, 0x20, 0xFF], File, Options);

        var error = Assert.Single(result.Errors);
        Assert.Contains("not UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExampleConfigIsValid()
    {
        var example = Path.Combine(RepositoryRoot(), "examples", "overlord.yml");

        var result = NodeConfigLoader.LoadFile(example, Options with { ReadFile = System.IO.File.ReadAllBytes });

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var c = result.Config!;
        Assert.Equal(8888, c.Port);
        Assert.Contains("all", c.Labels);
        Assert.Equal(3, c.Chains.Count);
        Assert.All(c.Chains.Values, chain => Assert.NotEqual("", chain.AccessToken));
        Assert.Equal(30, c.Polling.Heartbeat);
        Assert.Equal(600, c.Autodisable.MaxIncrease);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Overlord.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Overlord.sln not found above " + AppContext.BaseDirectory);
    }
}
