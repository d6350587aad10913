using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Overlord.Service.Tests.Support;

namespace Overlord.Service.Tests;

/// <summary>
/// Smart timeouts (reference §5.3) and the heartbeat (§5.5) end to end: real nodes on loopback in front of recording
/// children, asserting what the nodes answer and what the children receive, never how long it took.
/// </summary>
public sealed class SmartTimeoutTreeTests
{
    private const string Ok = """{"status_code": 200, "status": "OK"}""";

    /// <summary>One attempt per call, so every call counts exactly one failure.</summary>
    private const string OneAttempt = "retry: {total: 0}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A child whose answer the test can change between calls; requests are recorded by the sink.</summary>
    private sealed class Child : IAsyncDisposable
    {
        private volatile int _status;

        private Child(int status) => _status = status;

        public SinkServer Sink { get; private set; } = null!;

        public int Status
        {
            get => _status;
            set => _status = value;
        }

        /// <summary>Requests received on <paramref name="path"/> (path and query).</summary>
        public int Count(string path) => Sink.Requests.Count(r => r.PathAndQuery == path);

        public static async Task<Child> StartAsync(int status)
        {
            var child = new Child(status);
            child.Sink = await SinkServer.StartAsync(context =>
            {
                var code = child.Status;
                return SinkServer.Json(code, code == 200 ? Ok : $$"""{"status_code": {{code}}, "message": "child says {{code}}"}""")(context);
            }, Ct);
            return child;
        }

        public ValueTask DisposeAsync() => Sink.DisposeAsync();
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(TestNode node, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Authentication", "Bearer " + node.Token);
        using var response = await node.Raw().SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<string[]> ChainsAsync(TestNode node) => (await node.Api().GetChainsAsync(Ct)).Chains.ToArray();

    private static async Task<(int Failures, bool Disabled)> StatsAsync(TestNode node, string chain)
    {
        var stats = await node.Api().GetChainsStatsAsync(Ct);
        var entry = Assert.Single(stats.Chains, c => c.Chain == chain);
        return (entry.Failures, entry.Disabled);
    }

    /// <summary>A node named <paramref name="name"/> whose chains point at the given addresses.</summary>
    private static Task<TestNode> NodeAsync(string name, string? extraYaml, params (string Name, ChainSpec Chain)[] chains) =>
        TestNode.StartAsync(new TestNodeSpec
        {
            Name = name,
            Labels = ["all", name],
            Chains = chains.ToDictionary(c => c.Name, c => c.Chain),
            ExtraYaml = extraYaml,
        }, Ct);

    private static ChainSpec To(Uri entrypoint, string? extraYaml = null) => new(entrypoint, "child-token", extraYaml);

    /// <summary>Polls <paramref name="condition"/> every 100 ms for at most <paramref name="limitSeconds"/> s.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int limitSeconds = 15)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(limitSeconds))
            {
                Assert.Fail($"Not reached within {limitSeconds} s: {what}");
            }
            await Task.Delay(100, Ct);
        }
    }

    private static JsonObject Parse(string body) => JsonNode.Parse(body)!.AsObject();

    /// <summary>Upstream's failure body with the given fields; the message is checked separately.</summary>
    private static void AssertFailure(string body, int status, string entrypoint, string chain, string error)
    {
        var json = Parse(body);
        Assert.Equal(["status_code", "function", "entrypoint", "chain", "error", "message"], JsonAssert.Keys(body));
        Assert.Equal(status, (int)json["status_code"]!);
        Assert.Equal("ping", (string)json["function"]!);
        Assert.Equal(entrypoint, (string)json["entrypoint"]!);
        Assert.Equal(chain, (string)json["chain"]!);
        Assert.Equal(error, (string)json["error"]!);
    }

    [Fact]
    public async Task ATailFailingTwiceIsHiddenAndThenRefusedWithoutConnecting()
    {
        // main -> alpha -> beta: alpha's child beta is the tail, so alpha counts; main's child alpha never is.
        await using var beta = await Child.StartAsync(503);
        await using var alpha = await NodeAsync("alpha", "autodisable: {failures: 2, strict: true}", ("beta", To(beta.Sink.BaseAddress, OneAttempt)));
        await using var main = await NodeAsync("main", "autodisable: {failures: 2, strict: true}", ("alpha", alpha.AsChain(OneAttempt)));

        // 1st failure, seen from main: alpha answered 503, which main reports as its hop alpha failing.
        var (status, body) = await GetAsync(main, "/v1/chain/alpha.beta/ping");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        AssertFailure(body, 503, "alpha", "beta", "HTTPStatusError");
        Assert.Equal(1, beta.Count("/v1/ping"));
        Assert.Equal(["beta"], await ChainsAsync(alpha));
        Assert.Equal((1, false), await StatsAsync(alpha, "beta"));

        // 2nd failure, asked of alpha directly: still the child's own error, not a refusal.
        (status, body) = await GetAsync(alpha, "/v1/chain/beta/ping");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        AssertFailure(body, 503, "beta", "", "HTTPStatusError");
        Assert.Contains("503", (string)Parse(body)["message"]!, StringComparison.Ordinal);
        Assert.Equal(2, beta.Count("/v1/ping"));

        // Now disabled: hidden from alpha's list (also as seen through main) ...
        Assert.Empty(await ChainsAsync(alpha));
        Assert.Empty((await main.Api().GetChainChainsAsync("alpha", Ct)).Chains);
        Assert.True((await StatsAsync(alpha, "beta")).Disabled);

        // ... and a tail call is refused without connecting, with upstream's exact body.
        var requestsBefore = beta.Sink.Requests.Count;
        (status, body) = await GetAsync(alpha, "/v1/chain/beta/ping");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        JsonAssert.Equal("""
            {"status_code": 503, "function": "ping", "entrypoint": "beta", "chain": "", "error": "UnavailableChain",
             "message": "Chain disabled by smart timeouts"}
            """, body);

        // Through main the refusal still comes back as 503 (main reports its hop, alpha) and beta is not called.
        (status, body) = await GetAsync(main, "/v1/chain/alpha.beta/ping");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        AssertFailure(body, 503, "alpha", "beta", "HTTPStatusError");
        Assert.Equal(requestsBefore, beta.Sink.Requests.Count);

        // The refusals count too; main never counted alpha, which was not the tail of any call.
        Assert.Equal(4, (await StatsAsync(alpha, "beta")).Failures);
        Assert.Equal(["alpha"], await ChainsAsync(main));
        Assert.Equal((0, false), await StatsAsync(main, "alpha"));
    }

    [Fact]
    public async Task ATailAnswering4xxIsNeverDisabled()
    {
        await using var beta = await Child.StartAsync(404);
        await using var alpha = await NodeAsync("alpha", "autodisable: {failures: 2, strict: true}", ("beta", To(beta.Sink.BaseAddress, OneAttempt)));

        for (var i = 0; i < 5; i++)
        {
            var (status, body) = await GetAsync(alpha, "/v1/chain/beta/ping");
            Assert.Equal(HttpStatusCode.NotFound, status);
            AssertFailure(body, 404, "beta", "", "HTTPStatusError");
        }

        Assert.Equal(5, beta.Count("/v1/ping"));
        Assert.Equal(["beta"], await ChainsAsync(alpha));
        Assert.Equal((0, false), await StatsAsync(alpha, "beta"));
    }

    [Fact]
    public async Task ASuccessClearsTheCounter()
    {
        await using var beta = await Child.StartAsync(503);
        await using var alpha = await NodeAsync("alpha", "autodisable: {failures: 3, strict: true}", ("beta", To(beta.Sink.BaseAddress, OneAttempt)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(alpha, "/v1/chain/beta/ping")).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(alpha, "/v1/chain/beta/ping")).Status);
        Assert.Equal((2, false), await StatsAsync(alpha, "beta"));

        beta.Status = 200;
        var (status, body) = await GetAsync(alpha, "/v1/chain/beta/ping");
        Assert.Equal(HttpStatusCode.OK, status);
        JsonAssert.Equal(Ok, body);
        Assert.Equal((0, false), await StatsAsync(alpha, "beta"));

        // Without the clearing this would be the 3rd failure and disable beta.
        beta.Status = 503;
        (status, body) = await GetAsync(alpha, "/v1/chain/beta/ping");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        AssertFailure(body, 503, "beta", "", "HTTPStatusError");
        Assert.Equal((1, false), await StatsAsync(alpha, "beta"));
        Assert.Equal(["beta"], await ChainsAsync(alpha));

        // Still called, not refused.
        beta.Status = 200;
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(alpha, "/v1/chain/beta/ping")).Status);
        Assert.Equal(5, beta.Count("/v1/ping"));
    }

    [Fact]
    public async Task TheHeartbeatHidesADeadChildAndBringsItBack()
    {
        await using var beta = await Child.StartAsync(503);
        await using var alpha = await NodeAsync(
            "alpha",
            "polling: {heartbeat: 1, skew: [0, 0]}",
            ("beta", To(beta.Sink.BaseAddress, OneAttempt)));

        await WaitUntilAsync(async () => (await ChainsAsync(alpha)).Length == 0, "beta hidden after failing its heartbeat");
        Assert.True(beta.Count("/v1/ping") >= 1);

        // While unhealthy a tail call is refused without connecting (strict is on by default).
        var (status, body) = await GetAsync(alpha, "/v1/chain/beta/labels");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        JsonAssert.Equal("""
            {"status_code": 503, "function": "get_api_labels", "entrypoint": "beta", "chain": "", "error": "UnavailableChain",
             "message": "Chain disabled by smart timeouts"}
            """, body);
        Assert.Equal(0, beta.Count("/v1/labels"));

        beta.Status = 200;
        await WaitUntilAsync(async () => (await ChainsAsync(alpha)).SequenceEqual(["beta"]), "beta listed again after answering its heartbeat");

        (status, body) = await GetAsync(alpha, "/v1/chain/beta/labels");
        Assert.Equal(HttpStatusCode.OK, status);
        JsonAssert.Equal(Ok, body);
        Assert.Equal(1, beta.Count("/v1/labels"));
    }

    [Fact]
    public async Task ADeadTailThreeHopsDownAnswersTheFirstHopsFailure()
    {
        // main -> alpha -> charlie -> dead (a closed port); charlie's budget is 1 s so its retries stop early.
        var deadPort = FreePort.Next();
        await using var charlie = await NodeAsync("charlie", null, ("dead", To(new Uri($"http://127.0.0.1:{deadPort}"), "connect_timeout: 1")));
        await using var alpha = await NodeAsync("alpha", null, ("charlie", charlie.AsChain()));
        await using var main = await NodeAsync("main", null, ("alpha", alpha.AsChain()));

        // The deepest hop's own answer: the connection was refused.
        var (status, body) = await GetAsync(charlie, "/v1/chain/dead/ping");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        AssertFailure(body, 503, "dead", "", "ConnectError");

        // Three hops up, main names its own hop and the rest of the path.
        (status, body) = await GetAsync(main, "/v1/chain/alpha.charlie.dead/ping");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        AssertFailure(body, 503, "alpha", "charlie.dead", "HTTPStatusError");

        // Only charlie, whose child is the tail, counted; the hops above did not.
        Assert.Equal((0, false), await StatsAsync(main, "alpha"));
        Assert.Equal((0, false), await StatsAsync(alpha, "charlie"));
        Assert.Equal(2, (await StatsAsync(charlie, "dead")).Failures);
    }

    [Fact]
    public async Task OnlyTheDeepestHopRetriesAndItsRetriesAreBounded()
    {
        // main -> alpha -> charlie -> tail (always 503). Every chain allows retries, but only charlie's hop is the
        // tail hop: the tail sees total + 1 attempts, not (total + 1)^3. The X-Overlord-Attempts header is not relayed
        // to callers, so the attempts are counted at the tail itself.
        await using var tail = await Child.StartAsync(503);
        await using var charlie = await NodeAsync("charlie", null, ("tail", To(tail.Sink.BaseAddress, "retry: {total: 2, backoff_factor: 0.01}")));
        await using var alpha = await NodeAsync("alpha", null, ("charlie", charlie.AsChain("retry: {total: 2, backoff_factor: 0.01}")));
        await using var main = await NodeAsync("main", null, ("alpha", alpha.AsChain("retry: {total: 2, backoff_factor: 0.01}")));

        var (status, body) = await GetAsync(main, "/v1/chain/alpha.charlie.tail/ping");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        AssertFailure(body, 503, "alpha", "charlie.tail", "HTTPStatusError");
        Assert.Equal(3, tail.Count("/v1/ping"));
        Assert.Equal(3, tail.Sink.Requests.Count);
        // One call is one failure, however many attempts it took.
        Assert.Equal((1, false), await StatsAsync(charlie, "tail"));
    }
}
