using System.Net;
using System.Net.Sockets;
using Overlord.Service.Tests.Support;

namespace Overlord.Service.Tests;

public sealed class ServeCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "overlord-serve-" + Guid.NewGuid().ToString("N"));

    public ServeCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Config(string yaml)
    {
        var path = Path.Combine(_dir, "overlord.yml");
        File.WriteAllText(path, $"serverid: {_dir}/serverid\n" + yaml);
        return path;
    }

    private (int Code, string Stdout, string Stderr) Run(CancellationToken stop, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CommandLine.Run(args, stdout, stderr, _ => null, _dir, stop);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static bool Listening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [Fact]
    public void AnInvalidConfigExits70()
    {
        var (code, _, stderr) = Run(CancellationToken.None, "serve", "--config", Config("port: 0\n"), "--listen", "127.0.0.1");

        Assert.Equal(70, code);
        Assert.Contains("port", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyFileOthersCanReadExits70BeforeThePortOpens()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix permissions");
            return;
        }
        var keyfile = Path.Combine(_dir, "keyfile");
        File.WriteAllBytes(keyfile, new byte[64]);
        File.SetUnixFileMode(keyfile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var port = FreePort.Next();

        var (code, _, stderr) = Run(CancellationToken.None, "serve", "--config", Config($"port: {port}\nsecret_keyfile: {keyfile}\n"), "--listen", "127.0.0.1");

        Assert.Equal(70, code);
        Assert.Contains("mode 0644", stderr, StringComparison.Ordinal);
        Assert.Contains($"chmod 0400 {keyfile}", stderr, StringComparison.Ordinal);
        Assert.False(Listening(port));
    }

    [Fact]
    public void AMissingCaCertExits70()
    {
        var config = Config($$"""
            port: {{FreePort.Next()}}
            secret_key: k
            chains:
              alpha: {entrypoint: "https://127.0.0.1:1", access_token: t, cacert: {{_dir}}/missing.pem}
            """);

        var (code, _, stderr) = Run(CancellationToken.None, "serve", "--config", config, "--listen", "127.0.0.1");

        Assert.Equal(70, code);
        Assert.Contains("chains.alpha.cacert", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadListenAddressIsAUsageError()
    {
        var (code, _, stderr) = Run(CancellationToken.None, "serve", "--config", Config("secret_key: k\n"), "--listen", "not-an-address");

        Assert.Equal(64, code);
        Assert.Contains("--listen", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServesUntilStoppedThenExits0()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort.Next();
        var config = Config($"port: {port}\nsecret_key: serve-test-key\nlabels: [all, served]\n");
        var token = Run(ct, "gen-token", "--config", config).Stdout.Trim();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var serve = Task.Run(() => Run(stop.Token, "serve", "--config", config, "--listen", "127.0.0.1"), ct);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var ready = false;
        for (var attempt = 0; attempt < 200 && !ready && !serve.IsCompleted; attempt++)
        {
            try
            {
                ready = (await http.GetAsync("/healthz/ready", ct)).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50, ct);
            }
        }
        if (!ready)
        {
            Assert.Fail(serve.IsCompleted ? (await serve).Stderr : "never became ready");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/labels");
        request.Headers.TryAddWithoutValidation("Authentication", "Bearer " + token);
        var labels = await http.SendAsync(request, ct);
        JsonAssert.Equal("""{"status_code": 200, "labels": ["all", "served"]}""", await labels.Content.ReadAsStringAsync(ct));

        await stop.CancelAsync();
        var (code, _, stderr) = await serve;
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.False(Listening(port));
    }

    [Fact]
    public void APortInUseExits69()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (code, _, stderr) = Run(TestContext.Current.CancellationToken, "serve", "--config", Config($"port: {port}\nsecret_key: k\n"), "--listen", "127.0.0.1");

        Assert.Equal(69, code);
        Assert.Contains("cannot listen", stderr, StringComparison.Ordinal);
    }
}
