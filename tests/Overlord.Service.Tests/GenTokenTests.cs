using System.Text.Json;
using Overlord.Core.Config;
using Overlord.Core.Security;
using Overlord.Service.Security;
using Overlord.Service.Tests.Support;

namespace Overlord.Service.Tests;

public sealed class GenTokenTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "overlord-gen-token-" + Guid.NewGuid().ToString("N"));

    public GenTokenTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Config(string yaml)
    {
        var path = Path.Combine(_dir, "overlord.yml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CommandLine.Run(args, stdout, stderr, _ => null, _dir);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static NodeConfig Load(string path) => NodeConfigLoader.LoadFile(path, new NodeConfigLoaderOptions { Environment = _ => null }).Config!;

    [Fact]
    public async Task PrintsAnHs256TokenWithUpstreamsClaims()
    {
        var path = Config("secret_key: short\n");
        var before = DateTimeOffset.UtcNow;

        var (code, stdout, stderr) = Run("gen-token", "--config", path, "--metadata", "node=main", "--metadata=role=a=b",
            "--metadata", "flag", "--metadata", " =skipped", "--expire", "2", "--expire-type", "days");

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        var token = stdout.TrimEnd('\n');
        Assert.DoesNotContain('\n', token);
        JsonAssert.Equal("""{"alg": "HS256", "typ": "JWT"}""", Jwt.HeaderJson(token));
        var payload = Jwt.PayloadJson(token);
        Assert.Equal(["metadata", "random_chunk", "exp"], JsonAssert.Keys(payload));
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        JsonAssert.Equal("""{"node": "main", "role": "a=b", "flag": "", "overlord.version": "0.25.0"}""", root.GetProperty("metadata").GetRawText());
        Assert.Matches("^[0-9a-f]{16}$", root.GetProperty("random_chunk").GetString());
        var exp = DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("exp").GetInt64());
        Assert.InRange(exp, before.AddDays(2).AddSeconds(-2), DateTimeOffset.UtcNow.AddDays(2).AddSeconds(2));
        Assert.True(await new TokenService(SecretKeyStore.Load(Load(path), out _)).ValidateAsync(token));
    }

    [Fact]
    public void WithoutExpireThereIsNoExpClaim()
    {
        var (code, stdout, _) = Run("gen-token", "--config", Config("secret_key: k\n"), "--expire", "0");

        Assert.Equal(0, code);
        var payload = Jwt.PayloadJson(stdout.Trim());
        Assert.Equal(["metadata", "random_chunk"], JsonAssert.Keys(payload));
        JsonAssert.Equal("""{"overlord.version": "0.25.0"}""", JsonDocument.Parse(payload).RootElement.GetProperty("metadata").GetRawText());
    }

    [Fact]
    public async Task CreatesTheKeyFileWhenMissingAndReusesIt()
    {
        var keyfile = Path.Combine(_dir, "keys", "keyfile");
        var path = Config($"secret_keyfile: {keyfile}\n");

        var first = Run("gen-token", "--config", path);
        var second = Run("gen-token", "--config", path);

        Assert.Equal(0, first.Code);
        Assert.Equal(64, new FileInfo(keyfile).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(keyfile));
        }
        var tokens = new TokenService(await File.ReadAllBytesAsync(keyfile, TestContext.Current.CancellationToken));
        Assert.True(await tokens.ValidateAsync(first.Stdout.Trim()));
        Assert.True(await tokens.ValidateAsync(second.Stdout.Trim()));
    }

    [Theory]
    [InlineData("--expire-type", "fortnights", "--expire-type must be one of")]
    [InlineData("--expire", "soon", "--expire must be a whole number")]
    public void BadOptionsAreUsageErrors(string option, string value, string problem)
    {
        var (code, stdout, stderr) = Run("gen-token", "--config", Config("secret_key: k\n"), option, value);

        Assert.Equal(64, code);
        Assert.Equal("", stdout);
        Assert.Contains(problem, stderr, StringComparison.Ordinal);
    }
}
