using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Overlord.Core.Config;
using Overlord.Service.Chains;

namespace Overlord.Service.Tests.Chains;

public sealed class HttpChainPingerTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task PingsTheChildWithItsTokenAndReportsSuccess()
    {
        var seen = new List<string>();
        await using var child = await StartChildAsync(context =>
        {
            seen.Add($"{context.Request.Method} {context.Request.Path} {context.Request.Headers["Authentication"]}");
            return Results.Json(new { status_code = 200, status = "OK" });
        });
        using var pinger = Create(child.Url);

        Assert.True(await pinger.PingAsync("alpha", _ct));
        Assert.Equal(["GET /v1/ping Bearer test-chain-token"], seen);
    }

    [Fact]
    public async Task AnErrorStatusIsAFailedPing()
    {
        var calls = 0;
        await using var child = await StartChildAsync(_ =>
        {
            Interlocked.Increment(ref calls);
            return Results.StatusCode(500);
        });
        using var pinger = Create(child.Url);

        Assert.False(await pinger.PingAsync("alpha", _ct));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task ARefusedConnectionThrowsAfterBoundedRetries()
    {
        using var pinger = Create($"http://127.0.0.1:{ClosedPort()}");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => pinger.PingAsync("alpha", _ct));

        // Random factor 0: every retry is immediate, so all 1 + total attempts fit in the budget.
        Assert.Equal(3, error.Data[ChainCallPolicy.AttemptsDataKey]);
    }

    [Fact]
    public async Task UnknownChainIsAFailedPing()
    {
        using var pinger = Create("http://127.0.0.1:1");

        Assert.False(await pinger.PingAsync("nope", _ct));
    }

    private static OwnedPinger Create(string entrypoint)
    {
        var chains = new Dictionary<string, ChainConfig>(StringComparer.Ordinal)
        {
            ["alpha"] = TestConfigs.Chain(entrypoint) with { Retry = new RetryConfig { Total = 2 } },
        };
        var config = TestConfigs.Node(chains);
        var policy = new ChainCallPolicy(config, TimeProvider.System, NullLogger<ChainCallPolicy>.Instance, () => 0);
        var clients = new ChainClients(config);
        return new OwnedPinger(clients, new HttpChainPinger(clients, policy));
    }

    /// <summary>The pinger with the clients it borrows, disposed together.</summary>
    private sealed class OwnedPinger(ChainClients clients, HttpChainPinger pinger) : IDisposable
    {
        public Task<bool> PingAsync(string chain, CancellationToken ct) => pinger.PingAsync(chain, ct);

        public void Dispose() => clients.Dispose();
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<Child> StartChildAsync(Func<HttpContext, IResult> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/v1/ping", handler);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var url = app.Urls.Single();
        return new Child(app, url);
    }

    private sealed class Child(WebApplication app, string url) : IAsyncDisposable
    {
        public string Url { get; } = url;

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}
