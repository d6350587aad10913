using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Overlord.LoadGen.Tests;

public sealed class LoadRunnerTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task CountModeSendsExactlyTheRequestedNumberAndCountsErrors()
    {
        var handler = new StubHandler(n => n % 5 == 0 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK);
        using var client = new HttpMessageInvoker(handler);
        var options = new LoadGenOptions { Url = new Uri("http://127.0.0.1:1/"), Concurrency = 3, Requests = 20 };

        var result = await new LoadRunner(client).RunAsync(options, _ct);

        Assert.Equal(20, result.Requests);
        Assert.Equal(4, result.Errors);
        Assert.Equal(20, handler.Calls);
    }

    [Fact]
    public async Task ExceptionsAreErrors()
    {
        var handler = new StubHandler(n => n == 2 ? throw new HttpRequestException("reset") : HttpStatusCode.OK);
        using var client = new HttpMessageInvoker(handler);
        var options = new LoadGenOptions { Url = new Uri("http://127.0.0.1:1/"), Concurrency = 1, Requests = 3 };

        var result = await new LoadRunner(client).RunAsync(options, _ct);

        Assert.Equal(3, result.Requests);
        Assert.Equal(1, result.Errors);
    }

    [Fact]
    public async Task LoadsATinyLoopbackServerAndReportsJson()
    {
        var seen = new ConcurrentBag<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapGet("/v1/ping", (HttpContext context) =>
        {
            seen.Add(context.Request.Headers["X-Test"].ToString());
            return Results.Json(new { status_code = 200, status = "OK" });
        });
        await app.StartAsync(_ct);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await LoadGenCommand.RunAsync(
            ["--url", app.Urls.Single() + "/v1/ping", "--header", "X-Test: yes", "--concurrency", "4", "--requests", "50", "--json"],
            stdout,
            stderr,
            _ct);

        Assert.Equal(LoadGenCommand.Ok, code);
        Assert.Empty(stderr.ToString());
        using var report = JsonDocument.Parse(stdout.ToString());
        var root = report.RootElement;
        Assert.Equal(50, root.GetProperty("requests").GetInt64());
        Assert.Equal(0, root.GetProperty("errors").GetInt64());
        Assert.Equal(4, root.GetProperty("concurrency").GetInt32());
        var latency = root.GetProperty("latency_ms");
        Assert.True(latency.GetProperty("p50").GetDouble() <= latency.GetProperty("p99").GetDouble());
        Assert.True(latency.GetProperty("p99").GetDouble() <= latency.GetProperty("max").GetDouble());
        Assert.Equal(50, seen.Count);
        Assert.All(seen, value => Assert.Equal("yes", value));
        Assert.DoesNotContain("yes", stdout.ToString(), StringComparison.Ordinal);
        await app.StopAsync(_ct);
    }

    [Fact]
    public async Task PlainTextReportNamesEveryFigureButNoHeaderValue()
    {
        using var client = new HttpMessageInvoker(new StubHandler(_ => HttpStatusCode.OK));
        var options = new LoadGenOptions
        {
            Url = new Uri("http://127.0.0.1:1/"),
            Requests = 5,
            Headers = [new("Authentication", "Bearer secret-token")],
        };
        var result = await new LoadRunner(client).RunAsync(options, _ct);
        var text = new StringWriter();

        ReportWriter.WriteText(text, options, result);

        foreach (var label in new[] { "requests     5", "errors       0", "rps", "p50", "p90", "p99", "max" })
        {
            Assert.Contains(label, text.ToString(), StringComparison.Ordinal);
        }
        Assert.DoesNotContain("secret-token", text.ToString(), StringComparison.Ordinal);
    }

    private sealed class StubHandler(Func<int, HttpStatusCode> answer) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _calls);
            return Task.FromResult(new HttpResponseMessage(answer(n)) { Content = new StringContent("{}") });
        }
    }
}
