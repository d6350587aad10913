using System.Text;
using Overlord.Core.Config;
using Overlord.Core.Security;
using Overlord.Service.Hosting;
using Overlord.Service.Security;

namespace Overlord.Service.Tests;

public sealed class SecretKeyStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "overlord-keys-" + Guid.NewGuid().ToString("N"));

    public SecretKeyStoreTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private NodeConfig Config(string? secretKey = null) =>
        NodeConfigLoader.Defaults(new NodeConfigLoaderOptions { Prefix = _dir }) with { SecretKey = secretKey };

    [Fact]
    public void SecretKeyWinsOverTheKeyFile()
    {
        var key = SecretKeyStore.Load(Config("from-config"), out var created);

        Assert.Equal(Encoding.UTF8.GetBytes("from-config"), key);
        Assert.Null(created);
        Assert.False(File.Exists(Path.Combine(_dir, "keyfile")));
    }

    [Fact]
    public void AKeyFileOfTheWrongSizeIsReplaced()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix permissions");
            return;
        }
        var path = Path.Combine(_dir, "keyfile");
        File.WriteAllBytes(path, new byte[10]);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var key = SecretKeyStore.Load(Config(), out var created);

        Assert.Equal(path, created);
        Assert.Equal(64, key.Length);
        Assert.Equal(key, File.ReadAllBytes(path));
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(path));
        Assert.Equal(key, SecretKeyStore.Load(Config(), out var again));
        Assert.Null(again);
    }

    [Fact]
    public void AKeyFileTheGroupMayReadIsRefused()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix permissions");
            return;
        }
        var path = Path.Combine(_dir, "keyfile");
        File.WriteAllBytes(path, new byte[64]);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead);

        var error = Assert.Throws<SecretKeyException>(() => SecretKeyStore.Load(Config(), out _));

        Assert.Contains("mode 0440", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("k")]
    [InlineData("exactly-thirty-two-bytes-long!!!")]
    [InlineData("a key that is longer than sixty-four bytes, so HMAC hashes it first...")]
    public async Task TokensMatchPlainHmacSha256ForAnyKeyLength(string secret)
    {
        // Short keys are zero-padded for Microsoft.IdentityModel; HMAC does the same padding, so the signature is
        // what PyJWT computes with the key as given.
        var tokens = new TokenService(Encoding.UTF8.GetBytes(secret));
        var token = tokens.Create("""{"metadata": {}}""");
        var parts = token.Split('.');
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1])))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.Equal(expected, parts[2]);
        Assert.True(await tokens.ValidateAsync(token));
    }
}
