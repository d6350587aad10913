using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Overlord.Service.Chains;
using Overlord.Service.Tests.Support;

namespace Overlord.Service.Tests;

/// <summary>What the router tells <see cref="IChainHealth"/> and how it uses <see cref="IChainCallPolicy"/>.</summary>
public sealed class ChainSeamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class RecordingHealth : IChainHealth
    {
        public HashSet<string> DisabledChains { get; } = new(StringComparer.Ordinal);

        public ConcurrentQueue<string> Events { get; } = new();

        public bool IsDisabled(string chain) => DisabledChains.Contains(chain);

        public void RecordFailure(string chain) => Events.Enqueue("failure:" + chain);

        public void RecordSuccess(string chain) => Events.Enqueue("success:" + chain);

        public IReadOnlyList<ChainHealthSnapshot> Snapshot() =>
            [.. DisabledChains.Select(c => new ChainHealthSnapshot(c, 3, true, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(90)))];
    }

    /// <summary>Sends every call twice (as a retry would) and records what it was asked.</summary>
    private sealed class TwiceCallPolicy : IChainCallPolicy
    {
        public ConcurrentQueue<(string Chain, bool IsTail)> Calls { get; } = new();

        public async Task<HttpResponseMessage> SendAsync(string chain, bool isTail, HttpRequestMessage request,
            Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
        {
            Calls.Enqueue((chain, isTail));
            (await send(request, cancellationToken)).Dispose();
            return await send(request, cancellationToken);
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(TestNode node, string path, HttpMethod? method = null, string? body = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Authentication", "Bearer " + node.Token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        var response = await node.Raw().SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static Task<TestNode> HopAsync(SinkServer sink, IChainHealth? health = null, IChainCallPolicy? policy = null, string? extraYaml = null) =>
        TestNode.StartAsync(new TestNodeSpec
        {
            Name = "hop",
            Chains = new Dictionary<string, ChainSpec> { ["sink"] = new(sink.BaseAddress, "t") },
            ExtraYaml = extraYaml,
            ConfigureServices = services =>
            {
                if (health is not null)
                {
                    services.Replace(ServiceDescriptor.Singleton(health));
                }
                if (policy is not null)
                {
                    services.Replace(ServiceDescriptor.Singleton(policy));
                }
            },
        }, Ct);

    private static Func<Microsoft.AspNetCore.Http.HttpContext, Task> ByPath() => context => context.Request.Path.Value switch
    {
        "/v1/ping" => SinkServer.Json(200, """{"status_code": 200, "status": "OK"}""")(context),
        "/v1/boom" => SinkServer.Json(500, """{"status_code": 500, "message": "Internal Server Error"}""")(context),
        "/v1/chain/deeper/boom" => SinkServer.Json(503, """{"status_code": 503, "message": "x"}""")(context),
        _ => SinkServer.Json(404, """{"status_code": 404, "message": "Not Found"}""")(context),
    };

    [Fact]
    public async Task FailuresCountOnlyAtTheTailAndNeverFor4xx()
    {
        var health = new RecordingHealth();
        await using var sink = await SinkServer.StartAsync(ByPath(), Ct);
        await using var hop = await HopAsync(sink, health);

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(hop, "/v1/chain/sink/ping")).Status);
        Assert.Equal(HttpStatusCode.InternalServerError, (await GetAsync(hop, "/v1/chain/sink/boom")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(hop, "/v1/chain/sink/nope")).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(hop, "/v1/chain/sink.deeper/boom")).Status);

        Assert.Equal(["success:sink", "failure:sink"], health.Events);
    }

    [Fact]
    public async Task ADisabledTailIsRefusedWithoutConnectingAndCounted()
    {
        var health = new RecordingHealth();
        health.DisabledChains.Add("sink");
        await using var sink = await SinkServer.StartAsync(ByPath(), Ct);
        await using var hop = await HopAsync(sink, health);

        var (status, body) = await GetAsync(hop, "/v1/chain/sink/ping");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        JsonAssert.Equal("""
            {"status_code": 503, "function": "ping", "entrypoint": "sink", "chain": "", "error": "UnavailableChain",
             "message": "Chain disabled by smart timeouts"}
            """, body);
        Assert.Empty(sink.Requests);
        Assert.Equal(["failure:sink"], health.Events);

        // Hidden from the chain list; a call that only passes through it is not refused.
        JsonAssert.Equal("""{"status_code": 200, "chains": []}""", (await GetAsync(hop, "/v1/chains")).Body);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(hop, "/v1/chain/sink.deeper/boom")).Status);
        Assert.Single(sink.Requests);

        var stats = await hop.Api().GetChainsStatsAsync(Ct);
        var entry = Assert.Single(stats.Chains);
        Assert.Equal(("sink", 3, true, 90.0), (entry.Chain, entry.Failures, entry.Disabled, entry.DisabledForSeconds));
    }

    [Theory]
    [InlineData("autodisable: {strict: false}")]
    [InlineData("autodisable: {enabled: false}")]
    public async Task WithoutStrictOrWithAutodisableOffTheCallIsMade(string yaml)
    {
        var health = new RecordingHealth();
        health.DisabledChains.Add("sink");
        await using var sink = await SinkServer.StartAsync(ByPath(), Ct);
        await using var hop = await HopAsync(sink, health, extraYaml: yaml);

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(hop, "/v1/chain/sink/ping")).Status);
        Assert.Single(sink.Requests);
    }

    [Fact]
    public async Task EveryForwardedCallGoesThroughThePolicyWhichMaySendTheSameRequestAgain()
    {
        var policy = new TwiceCallPolicy();
        await using var sink = await SinkServer.StartAsync(ByPath(), Ct);
        await using var hop = await HopAsync(sink, policy: policy);

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(hop, "/v1/chain/sink/metadata/key", HttpMethod.Put, """{"value": "v"}""")).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(hop, "/v1/chain/sink.deeper/boom")).Status);
        await hop.Api().GetChainsTreeAsync(Ct);

        Assert.Equal([("sink", true), ("sink", false), ("sink", true), ("sink", true), ("sink", true)], policy.Calls);
        var puts = sink.Requests.Where(r => r.Method == "PUT").ToList();
        Assert.Equal(2, puts.Count);
        Assert.All(puts, r => Assert.Equal("""{"value": "v"}""", Encoding.UTF8.GetString(r.Body)));
    }
}
