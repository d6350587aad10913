using System.Text;
using System.Text.Json;
using Overlord.Service.Api;
using Overlord.Service.Tests.Support;
using static Overlord.Service.Tests.Jails.JailHttp;

namespace Overlord.Service.Tests.Jails;

/// <summary>A node serving two log roots; a secret file sits beside them to catch escapes.</summary>
public sealed class LogHostFixture : IAsyncLifetime
{
    public const string Secret = "TOPSECRET-outside-the-log-root";

    public const string Date = "2026-01-02_03h04m05s";

    public FakeHost Host { get; } = new("logs");

    public TestNode Node { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Host.WriteLog("secret.log", Secret + "\n");
        Host.WriteLog("appjail/jails/web/console/2026-01-01.log", "\x1b[1;32mstarted\x1b[0m\r\nline two\r\n");
        Host.WriteLog("appjail/jails/web/startup-start/2026-01-01.log", "");
        Host.WriteLog("appjail/nat/ajnet/startup-start/2026-01-01.log", "nat\n");
        Host.WriteLog("appjail/stray.txt", "a plain file at the type level");
        Host.WriteLog($"director/{Date}/exception.log", "boom");
        Host.WriteLog($"director/{Date}/web/start.log", "\x1b[31mERR\x1b[0m web\n\n");
        Host.WriteLog($"director/{Date}/web/makejail.log", "build\n");
        Host.WriteLog("director/notes.txt", "a plain file at the date level");
        var console = Path.Combine(Host.AppJailLogs, "jails", "web", "console");
        File.CreateSymbolicLink(Path.Combine(console, "escape.log"), Path.Combine(Host.Logs, "secret.log"));
        File.CreateSymbolicLink(Path.Combine(console, "inside.log"), "2026-01-01.log");
        Directory.CreateSymbolicLink(Path.Combine(Host.AppJailLogs, "jails", "evil"), Host.Logs);
        Node = await TestNode.StartAsync(Host.Apply(new TestNodeSpec { Name = "logs" }), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        Host.Delete();
    }
}

public sealed class LogRoutesTests(LogHostFixture fixture) : IClassFixture<LogHostFixture>
{
    private TestNode Node => fixture.Node;

    [Fact]
    public async Task JailLogTreeListsEveryLevel()
    {
        var (status, body, _) = await SendAsync(Node, HttpMethod.Get, "/v1/jails/logs");

        Assert.Equal(200, status);
        JsonAssert.Equal("""
            {"status_code": 200, "logs": {
              "jails": {"evil": {}, "web": {"console": ["2026-01-01.log", "escape.log", "inside.log"], "startup-start": ["2026-01-01.log"]}},
              "nat": {"ajnet": {"startup-start": ["2026-01-01.log"]}},
              "stray.txt": {}}}
            """, body);
    }

    [Fact]
    public async Task ProjectLogTreeSkipsPlainFiles()
    {
        var (status, body, _) = await SendAsync(Node, HttpMethod.Get, "/v1/projects/logs/");

        Assert.Equal(200, status);
        JsonAssert.Equal("""{"status_code": 200, "logs": {"DATE": {"web": ["makejail.log", "start.log"]}}}""".Replace("DATE", LogHostFixture.Date, StringComparison.Ordinal), body);
    }

    [Theory]
    [InlineData("/v1/jail/log/jails/web/console/2026-01-01.log", "started\nline two")]
    [InlineData("/v1/jail/log/jails/web/console/inside.log", "started\nline two")]
    [InlineData("/v1/jail/log/jails/web/startup-start/2026-01-01.log", "")]
    [InlineData("/v1/projects/log/" + LogHostFixture.Date + "/web/start.log", "ERR web\n")]
    public async Task LogsAreServedWithoutAnsiCrsOrTheFinalNewline(string path, string expected)
    {
        var (status, body, response) = await SendAsync(Node, HttpMethod.Get, path);

        Assert.True(status == 200, $"{path}: {status} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(["status_code", "log_content"], JsonAssert.Keys(body));
        Assert.Equal(expected, JsonDocument.Parse(body).RootElement.GetProperty("log_content").GetString());
    }

    [Theory]
    [InlineData("/v1/jail/log/jails/web/console/nope.log")]
    [InlineData("/v1/jail/log/jails/web/nope/2026-01-01.log")]
    [InlineData("/v1/jail/log/jails/web/console/..x")]
    [InlineData("/v1/projects/log/" + LogHostFixture.Date + "/web/stop.log")]
    public async Task MissingLogsAre404(string path)
    {
        var (status, body, _) = await SendAsync(Node, HttpMethod.Get, path);

        Assert.Equal(404, status);
        JsonAssert.Equal("""{"status_code": 404, "message": "Log cannot be found."}""", body);
    }

    [Theory]
    [InlineData("/v1/jail/log/jails/web/console/..%2F..%2F..%2F..%2Fsecret.log", LogEndpoints.InvalidName)]
    [InlineData("/v1/jail/log/jails/web/console/..%2f..%2f..%2f..%2fsecret.log", LogEndpoints.InvalidName)]
    [InlineData("/v1/jail/log/%2e%2e%2F%2e%2e/web/console/secret.log", LogEndpoints.InvalidName)]
    [InlineData("/v1/jail/log/jails/web/console/..%5C..%5Csecret.log", LogEndpoints.InvalidName)]
    [InlineData("/v1/jail/log/jails/web/console/escape.log", LogEndpoints.OutsideRoot)]
    [InlineData("/v1/jail/log/jails/evil/secret.log/x", LogEndpoints.OutsideRoot)]
    [InlineData("/v1/projects/log/" + LogHostFixture.Date + "/%2e%2e/start.log", null)]
    [InlineData("/v1/jail/log/%2e%2e/%2e%2e/%2e%2e/secret.log", null)]
    [InlineData("/v1/jail/log/jails/web/../../../secret.log", null)]
    [InlineData("/v1/jail/log/jails/web/console/%00", null)]
    [InlineData("/v1/jail/log/jails/web/console/a%00b", null)]
    [InlineData("/v1/jail/log/jails/web/console//etc/passwd", null)]
    [InlineData("/v1/jail/log/jails/web/console/%2Fetc%2Fpasswd", LogEndpoints.InvalidName)]
    [InlineData("/v1/jail/log/jails/web/./secret.log", null)]
    public async Task TraversalIsRefusedAndNothingOutsideIsRead(string rawPath, string? message)
    {
        var (status, raw) = await SendRawAsync(Node, rawPath);

        Assert.DoesNotContain(LogHostFixture.Secret, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", raw, StringComparison.Ordinal);
        Assert.True(status is 400 or 404, $"{rawPath}: {status}\n{raw}");
        if (message is not null)
        {
            Assert.Equal(400, status);
            Assert.Contains(JsonSerializer.Serialize(message), raw, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ABigLogStreamsIntact()
    {
        var line = "\x1b[2mdebug\x1b[0m " + new string('x', 100) + " \"quoted\"\r\n";
        var count = 200_000; // ~23 MB
        var relative = "appjail/jails/big/console/2026-01-01.log";
        try
        {
            await StreamBigLogAsync(line, count, relative);
        }
        finally
        {
            // The fixture is shared: the tree listing test must not see this jail.
            Directory.Delete(Path.Combine(fixture.Host.Logs, "appjail/jails/big"), recursive: true);
        }
    }

    private async Task StreamBigLogAsync(string line, int count, string relative)
    {
        await using (var writer = new StreamWriter(Path.Combine(fixture.Host.Logs, CreateDir(relative)), false, new UTF8Encoding(false)))
        {
            for (var i = 0; i < count; i++)
            {
                await writer.WriteAsync(line);
            }
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/jail/log/jails/big/console/2026-01-01.log");
        request.Headers.TryAddWithoutValidation("Authentication", "Bearer " + Node.Token);
        using var response = await Node.Raw().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Null(response.Content.Headers.ContentLength); // streamed, not buffered
        await using var body = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: TestContext.Current.CancellationToken);
        var content = document.RootElement.GetProperty("log_content").GetString()!;

        var expectedLine = "debug " + new string('x', 100) + " \"quoted\"";
        Assert.Equal((count * expectedLine.Length) + count - 1, content.Length);
        Assert.StartsWith(expectedLine + "\n" + expectedLine, content, StringComparison.Ordinal);
        Assert.EndsWith("\n" + expectedLine, content, StringComparison.Ordinal);
    }

    private string CreateDir(string relative)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(fixture.Host.Logs, relative))!);
        return relative;
    }
}
