using System.Text.Json;

namespace Overlord.Service.Tests;

public sealed class CommandLineTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "overlord-service-tests-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal) { ["HOME"] = "/home/ops" };

    public CommandLineTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CommandLine.Run(args, stdout, stderr, name => _environment.GetValueOrDefault(name), _dir);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private const string ValidConfig = """
        port: 8080
        secret_key: top-secret-key
        labels: [all, web]
        chains:
          rack-a:
            entrypoint: http://10.0.0.11:8888
            access_token: rack-a-token
        dataplaneapi:
          entrypoint: http://127.0.0.1:5555
          auth: {username: admin, password: dataplane-password}
        haproxy_stats:
          entrypoint: http://127.0.0.1:8404/stats
          auth: {username: stats, password: stats-password}
        execution_time: null
        log_config: {version: 1}
        """;

    [Fact]
    public void CheckConfigPrintsOkForAValidFile()
    {
        var path = Write("node.yml", ValidConfig);

        var (code, stdout, stderr) = Run("check-config", "--config", path);

        Assert.Equal(0, code);
        Assert.Equal($"{path}: OK" + Environment.NewLine, stdout);
        Assert.Equal("", stderr);
    }

    [Fact]
    public void CheckConfigResolvesRelativeOptionAndEnvironmentAgainstTheCurrentDirectory()
    {
        var path = Write("from-env.yml", "port: 1234\n");
        Write("relative.yml", "port: 1235\n");
        _environment["OVERLORD_CONFIG"] = "from-env.yml";

        Assert.Equal(($"{path}: OK" + Environment.NewLine), Run("check-config").Stdout);
        Assert.Equal(($"{Path.Combine(_dir, "relative.yml")}: OK" + Environment.NewLine), Run("check-config", "--config=relative.yml").Stdout);
    }

    [Fact]
    public void CheckConfigAcceptsAMissingImplicitFile()
    {
        var (code, stdout, stderr) = Run("check-config");

        Assert.Equal(0, code);
        Assert.Equal($"{Path.Combine(_dir, ".overlord.yml")}: OK (no such file; the defaults apply)" + Environment.NewLine, stdout);
        Assert.Equal("", stderr);
    }

    [Fact]
    public void CheckConfigRejectsAMissingNamedFile()
    {
        var path = Path.Combine(_dir, "absent.yml");

        var (code, stdout, stderr) = Run("check-config", "--config", path);

        Assert.Equal(70, code);
        Assert.Equal("", stdout);
        Assert.Equal($"{path}:1:1: the config file does not exist." + Environment.NewLine, stderr);
    }

    [Fact]
    public void CheckConfigPrintsEveryErrorAndExits70()
    {
        var path = Write("bad.yml", """
            port: 70000
            chains:
              main:
                entrypoint: 10.0.0.2:8888
            labels: [Web]
            """);

        var (code, stdout, stderr) = Run("check-config", "--config", path);

        Assert.Equal(70, code);
        Assert.Equal("", stdout);
        var lines = stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal($"{path}:1:7: port: must be between 1 and 65535, got 70000.", lines[0]);
        Assert.StartsWith($"{path}:4:5: chains.main.access_token: ", lines[1], StringComparison.Ordinal);
        Assert.Equal($"{path}:4:17: chains.main.entrypoint: '10.0.0.2:8888' is not an http:// or https:// URL.", lines[2]);
        Assert.StartsWith($"{path}:5:10: labels[0]: 'Web' is not valid", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void CheckConfigExpandsEnvironmentReferencesFromTheGivenEnvironment()
    {
        var path = Write("env.yml", "chains:\n  main:\n    entrypoint: http://x\n    access_token: !ENV '${CHAIN_TOKEN}'\n");

        Assert.Equal(70, Run("check-config", "--config", path).Code);
        _environment["CHAIN_TOKEN"] = "tok";
        Assert.Equal(0, Run("check-config", "--config", path).Code);
    }

    [Fact]
    public void PrintConfigWritesTheEffectiveConfigWithSecretsMasked()
    {
        var path = Write("node.yml", ValidConfig);

        var (code, stdout, stderr) = Run("print-config", "--config", path);

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        foreach (var secret in new[] { "top-secret-key", "rack-a-token", "dataplane-password", "stats-password" })
        {
            Assert.DoesNotContain(secret, stdout, StringComparison.Ordinal);
        }
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("***", root.GetProperty("secret_key").GetString());
        Assert.Equal("***", root.GetProperty("chains").GetProperty("rack-a").GetProperty("access_token").GetString());
        Assert.Equal("http://10.0.0.11:8888", root.GetProperty("chains").GetProperty("rack-a").GetProperty("entrypoint").GetString());
        Assert.Equal("admin", root.GetProperty("dataplaneapi").GetProperty("auth").GetProperty("username").GetString());
        Assert.Equal("***", root.GetProperty("dataplaneapi").GetProperty("auth").GetProperty("password").GetString());
        Assert.Equal("***", root.GetProperty("haproxy_stats").GetProperty("auth").GetProperty("password").GetString());

        // Effective values with defaults, in upstream's key spelling.
        Assert.Equal(8080, root.GetProperty("port").GetInt32());
        Assert.Equal("/usr/local/overlord/serverid", root.GetProperty("serverid").GetString());
        Assert.Equal("/usr/local/overlord/keyfile", root.GetProperty("secret_keyfile").GetString());
        Assert.Equal("/home/ops/.director/logs", root.GetProperty("director").GetProperty("logs").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("execution_time").ValueKind);
        Assert.Equal(1800, root.GetProperty("autodisable").GetProperty("max-increase").GetInt32());
        Assert.Equal("[6,10]", root.GetProperty("polling").GetProperty("skew").GetRawText().Replace(" ", "", StringComparison.Ordinal).ReplaceLineEndings(""));
        Assert.Equal("127.0.0.1:11300", root.GetProperty("beanstalkd_addr").GetString());
        Assert.Equal(0, root.GetProperty("memcache").GetProperty("pool_idle_timeout").GetInt32());
        Assert.Equal(2379, root.GetProperty("etcd").GetProperty("localhost").GetProperty("port").GetInt32());
        Assert.Equal(1, root.GetProperty("log_config").GetProperty("version").GetInt32());
        Assert.Equal(10, root.GetProperty("chains").GetProperty("rack-a").GetProperty("retry").GetProperty("max_backoff_wait").GetDouble());
        var tools = root.GetProperty("tools");
        Assert.Equal(("appjail", "appjail-director", "rctl", "sysctl", 10, 60), (tools.GetProperty("appjail").GetString(), tools.GetProperty("appjail-director").GetString(), tools.GetProperty("rctl").GetString(), tools.GetProperty("sysctl").GetString(), tools.GetProperty("kill_grace").GetInt32(), tools.GetProperty("read_timeout").GetInt32()));
        Assert.Contains("\n  \"port\": 8080", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal); // indented
    }

    [Fact]
    public void PrintConfigShowsDefaultsWhenTheImplicitFileIsMissing()
    {
        var (code, stdout, _) = Run("print-config");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(8888, json.RootElement.GetProperty("port").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("secret_key").ValueKind);
        Assert.Empty(json.RootElement.GetProperty("chains").EnumerateObject());
    }

    [Fact]
    public void PrintConfigRefusesAnInvalidConfig()
    {
        var path = Write("bad.yml", "port: 0\n");

        var (code, stdout, stderr) = Run("print-config", "--config", path);

        Assert.Equal(70, code);
        Assert.Equal("", stdout);
        Assert.Equal($"{path}:1:7: port: must be between 1 and 65535, got 0." + Environment.NewLine, stderr);
    }

    [Theory]
    [InlineData(new string[0], "no command given")]
    [InlineData(new[] { "frobnicate" }, "unknown command 'frobnicate'")]
    [InlineData(new[] { "check-config", "--verbose" }, "unexpected argument '--verbose'")]
    [InlineData(new[] { "check-config", "--config" }, "--config needs a path")]
    [InlineData(new[] { "print-config", "--config=" }, "--config needs a path")]
    [InlineData(new[] { "print-config", "--config", "a.yml", "--config", "b.yml" }, "--config is given more than once")]
    public void BadUsageExits64WithUsageOnStderr(string[] args, string problem)
    {
        var (code, stdout, stderr) = Run(args);

        Assert.Equal(64, code);
        Assert.Equal("", stdout);
        Assert.Contains(problem, stderr, StringComparison.Ordinal);
        Assert.Contains("usage: overlord-node <command> [--config PATH]", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpGoesToStdout()
    {
        var (code, stdout, stderr) = Run("--help");

        Assert.Equal(0, code);
        Assert.StartsWith("usage: overlord-node", stdout, StringComparison.Ordinal);
        Assert.Equal("", stderr);
    }
}
