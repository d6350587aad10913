using System.Management.Automation;
using System.Net;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Overlord.PowerShell.Tests;

/// <summary>New-OverlordToken: the token's shape and signature, checked here by hand (not through TokenService).</summary>
public sealed class NewOverlordTokenCommandTests : IDisposable
{
    private readonly OverlordSession _session = new();
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _session.Dispose();
        _dir.Dispose();
    }

    private static string Base64UrlDecode(string part)
    {
        var text = part.Replace('-', '+').Replace('_', '/');
        text += new string('=', (4 - text.Length % 4) % 4);
        return Encoding.UTF8.GetString(Convert.FromBase64String(text));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // What PyJWT checks: HMAC-SHA256 of "header.payload" with the raw secret_key bytes.
    private static void AssertSignedWith(string token, byte[] key)
    {
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        var expected = Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1])));
        Assert.Equal(expected, parts[2]);
    }

    [Fact]
    public void MintsAnUpstreamTokenSignedWithTheConfiguredKey()
    {
        var config = _dir.Write("overlord.yml", "secret_key: short\n");
        var before = DateTimeOffset.UtcNow;

        var run = _session.Run("param($c) New-OverlordToken -ConfigPath $c -Metadata ([ordered]@{ user = 'ci'; n = 7; empty = $null; ' ' = 'skipped' }) -Expire (New-TimeSpan -Hours 2) -AsPlainText",
            new Dictionary<string, object> { ["c"] = config });

        Assert.Empty(run.Errors);
        var token = Assert.IsType<string>(Assert.Single(run.Output).BaseObject);
        AssertSignedWith(token, Encoding.UTF8.GetBytes("short"));
        var parts = token.Split('.');
        using var header = JsonDocument.Parse(Base64UrlDecode(parts[0]));
        Assert.Equal("HS256", header.RootElement.GetProperty("alg").GetString());
        using var payload = JsonDocument.Parse(Base64UrlDecode(parts[1]));
        var root = payload.RootElement;
        Assert.Equal(["metadata", "random_chunk", "exp"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("""{"user":"ci","n":"7","empty":"","overlord.version":"0.25.0"}""", root.GetProperty("metadata").GetRawText());
        Assert.Matches("^[0-9a-f]{16}$", root.GetProperty("random_chunk").GetString());
        var exp = DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("exp").GetInt64());
        Assert.InRange(exp, before.AddHours(2).AddSeconds(-2), DateTimeOffset.UtcNow.AddHours(2).AddSeconds(2));
    }

    [Fact]
    public void ReturnsASecureStringByDefaultAndUsesTheKeyFile()
    {
        var key = RandomNumberGenerator.GetBytes(64);
        var keyFile = Path.Combine(_dir.Path, "keyfile");
        File.WriteAllBytes(keyFile, key);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead);
        }
        var config = _dir.Write("overlord.yml", $"secret_keyfile: '{keyFile}'\n");

        var run = _session.Run("param($c) New-OverlordToken $c", new Dictionary<string, object> { ["c"] = config });

        Assert.Empty(run.Errors);
        var secure = Assert.IsType<SecureString>(Assert.Single(run.Output).BaseObject);
        var token = new NetworkCredential("", secure).Password;
        AssertSignedWith(token, key);
        using var payload = JsonDocument.Parse(Base64UrlDecode(token.Split('.')[1]));
        Assert.False(payload.RootElement.TryGetProperty("exp", out _));
    }

    [Fact]
    public void ADateTimeExpireBecomesExp()
    {
        var config = _dir.Write("overlord.yml", "secret_key: k\n");
        var at = new DateTimeOffset(2099, 1, 2, 3, 4, 5, TimeSpan.Zero);

        var run = _session.Run("param($c, $at) New-OverlordToken -ConfigPath $c -Expire $at -AsPlainText",
            new Dictionary<string, object> { ["c"] = config, ["at"] = at.UtcDateTime });

        Assert.Empty(run.Errors);
        var token = (string)Assert.Single(run.Output).BaseObject;
        using var payload = JsonDocument.Parse(Base64UrlDecode(token.Split('.')[1]));
        Assert.Equal(at.ToUnixTimeSeconds(), payload.RootElement.GetProperty("exp").GetInt64());
    }

    [Theory]
    [InlineData("([datetime]'2001-01-01')")]
    [InlineData("(New-TimeSpan -Seconds -5)")]
    [InlineData("'soon'")]
    [InlineData("42")]
    public void AnExpireThatIsNotAFutureTimeIsRefused(string expire)
    {
        var config = _dir.Write("overlord.yml", "secret_key: k\n");

        var run = _session.Run($"param($c) try {{ New-OverlordToken -ConfigPath $c -Expire {expire} -AsPlainText }} catch {{ $_ }}",
            new Dictionary<string, object> { ["c"] = config });

        var error = Assert.IsType<ErrorRecord>(Assert.Single(run.Output).BaseObject);
        Assert.Equal($"{ErrorIds.InvalidExpire},Overlord.PowerShell.Cmdlets.NewOverlordTokenCommand", error.FullyQualifiedErrorId);
        Assert.Contains("-Expire", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadConfigIsRefusedWithFileLineAndColumn()
    {
        var config = _dir.Write("overlord.yml", "secret_key: k\nport: 70000\n");

        var run = _session.Run("param($c) try { New-OverlordToken -ConfigPath $c } catch { $_ }", new Dictionary<string, object> { ["c"] = config });

        var error = Assert.IsType<ErrorRecord>(Assert.Single(run.Output).BaseObject);
        Assert.Equal($"{ErrorIds.InvalidNodeConfig},Overlord.PowerShell.Cmdlets.NewOverlordTokenCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.StartsWith($"{config}:2:7: port:", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingConfigFileNamedOutrightIsAnError()
    {
        var config = Path.Combine(_dir.Path, "nope.yml");

        var run = _session.Run("param($c) try { New-OverlordToken -ConfigPath $c } catch { $_ }", new Dictionary<string, object> { ["c"] = config });

        var error = Assert.IsType<ErrorRecord>(Assert.Single(run.Output).BaseObject);
        Assert.StartsWith($"{ErrorIds.InvalidNodeConfig},", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains($"{config}:1:1", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIfCreatesNoKeyFile()
    {
        var keyFile = Path.Combine(_dir.Path, "sub", "keyfile");
        var config = _dir.Write("overlord.yml", $"secret_keyfile: '{keyFile}'\n");

        var run = _session.Run("param($c) New-OverlordToken -ConfigPath $c -WhatIf", new Dictionary<string, object> { ["c"] = config });

        Assert.Empty(run.Errors);
        Assert.Empty(run.Output);
        Assert.False(File.Exists(keyFile));

        run = _session.Run("param($c) New-OverlordToken -ConfigPath $c -AsPlainText", new Dictionary<string, object> { ["c"] = config });

        Assert.Empty(run.Errors);
        AssertSignedWith((string)Assert.Single(run.Output).BaseObject, File.ReadAllBytes(keyFile));
    }
}
