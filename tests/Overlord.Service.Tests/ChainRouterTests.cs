using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Overlord.Service.Chains;
using Overlord.Service.Tests.Support;

namespace Overlord.Service.Tests;

/// <summary>The generic router against a recording child: what it forwards, what it answers, which seams it calls.</summary>
public sealed class ChainRouterTests
{
    private const string SinkToken = "SINK-ACCESS-TOKEN";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(TestNode node, HttpMethod method, string path, string? body = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Authentication", "Bearer " + node.Token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        configure?.Invoke(request);
        var response = await node.Raw().SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static Task<TestNode> NodeWithSinkAsync(SinkServer sink, Action<IServiceCollection>? services = null, string? extraYaml = null, string chainYaml = "") =>
        TestNode.StartAsync(new TestNodeSpec
        {
            Name = "hop",
            Chains = new Dictionary<string, ChainSpec> { ["sink"] = new(sink.BaseAddress, SinkToken, chainYaml) },
            ConfigureServices = services,
            ExtraYaml = extraYaml,
        }, Ct);

    [Fact]
    public async Task ForwardsMethodRouteQueryBodyAndTheChainsTokenAndRelaysTheAnswer()
    {
        await using var sink = await SinkServer.StartAsync(SinkServer.Json(200, """{"status_code": 200, "job_id": 7}"""), Ct);
        await using var hop = await NodeWithSinkAsync(sink);

        var (status, body) = await SendAsync(hop, HttpMethod.Post, "/v1/chain/sink/project/up/web?restart=1", """{"director_file": "x"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        JsonAssert.Equal("""{"status_code": 200, "job_id": 7}""", body);
        var seen = Assert.Single(sink.Requests);
        Assert.Equal("POST", seen.Method);
        Assert.Equal("/v1/project/up/web?restart=1", seen.PathAndQuery);
        Assert.Equal("""{"director_file": "x"}""", Encoding.UTF8.GetString(seen.Body));
        Assert.Equal("Bearer " + SinkToken, seen.Headers["Authentication"]);
        Assert.False(seen.Headers.ContainsKey("Authorization"));
        Assert.Equal("1", seen.Headers[HopHeaders.Hops]);
        Assert.Equal(hop.Service<Overlord.Service.Hosting.ServerIdentity>().Id, seen.Headers[HopHeaders.Via]);
    }

    [Fact]
    public async Task AHopThatIsNotTheTailForwardsTheRestOfThePath()
    {
        // Transcript 93: client -> hop -> sink for sink.deeper.tail.
        await using var sink = await SinkServer.StartAsync(SinkServer.Json(200, """{"status_code": 200, "labels": ["sink"]}"""), Ct);
        await using var hop = await NodeWithSinkAsync(sink);

        var (status, body) = await SendAsync(hop, HttpMethod.Get, "/v1/chain/sink.deeper.tail/labels");

        Assert.Equal(HttpStatusCode.OK, status);
        JsonAssert.Equal("""{"status_code": 200, "labels": ["sink"]}""", body);
        Assert.Equal("/v1/chain/deeper.tail/labels", Assert.Single(sink.Requests).PathAndQuery);
    }

    [Fact]
    public async Task ATailAnswering503GivesUpstreamsFailureBody()
    {
        await using var sink = await SinkServer.StartAsync(SinkServer.Json(503, """{"status_code": 503, "message": "down"}"""), Ct);
        await using var hop = await NodeWithSinkAsync(sink);

        var (status, body) = await SendAsync(hop, HttpMethod.Get, "/v1/chain/sink/ping");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        JsonAssert.Equal($$"""
            {"status_code": 503, "function": "ping", "entrypoint": "sink", "chain": "", "error": "HTTPStatusError",
             "message": "Server error '503 Service Unavailable' for url '{{sink.BaseAddress.GetLeftPart(UriPartial.Authority)}}/v1/ping'"}
            """, body);
    }

    [Fact]
    public async Task LargeAnswersAreRelayedIntact()
    {
        var payload = "{\"status_code\": 200, \"log_content\": \"" + new string('x', 1_500_000) + "\"}";
        await using var sink = await SinkServer.StartAsync(SinkServer.Json(200, payload), Ct);
        await using var hop = await NodeWithSinkAsync(sink);

        var (status, body) = await SendAsync(hop, HttpMethod.Get, "/v1/chain/sink/jail/log/a/b/c/d");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(payload, body);
    }

    [Fact]
    public async Task RelayedAnswersAreCompressedForClientsThatAskAsUpstreamDoes()
    {
        var payload = "{\"status_code\": 200, \"jails\": [" + string.Join(", ", Enumerable.Range(0, 5000).Select(i => $"\"jail{i}\"")) + "]}";
        await using var sink = await SinkServer.StartAsync(SinkServer.Json(200, payload), Ct);
        await using var hop = await NodeWithSinkAsync(sink);
        var client = hop.Raw(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/chain/sink/jails");
        request.Headers.TryAddWithoutValidation("Authentication", "Bearer " + hop.Token);

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(payload, await response.Content.ReadAsStringAsync(Ct));
        Assert.False(Assert.Single(sink.Requests).Headers.ContainsKey("Accept-Encoding"));
    }

    [Fact]
    public async Task TooManyHopsIsRefused()
    {
        await using var sink = await SinkServer.StartAsync(SinkServer.Json(200, "{}"), Ct);
        await using var hop = await NodeWithSinkAsync(sink);

        var (status, body) = await SendAsync(hop, HttpMethod.Get, "/v1/chain/sink/ping",
            configure: r => r.Headers.TryAddWithoutValidation(HopHeaders.Hops, "16"));

        Assert.Equal(HttpStatusCode.LoopDetected, status);
        Assert.Equal(["status_code", "message"], JsonAssert.Keys(body));
        Assert.Empty(sink.Requests);
    }

    [Fact]
    public async Task ALoopOfTwoNodesEndsWithAnErrorInsteadOfHanging()
    {
        var (portA, portB) = (FreePort.Next(), FreePort.Next());
        var (secretA, secretB) = ("loop-secret-a", "loop-secret-b");
        await using var a = await TestNode.StartAsync(new TestNodeSpec
        {
            Name = "a",
            Secret = secretA,
            HttpPort = portA,
            Chains = new Dictionary<string, ChainSpec> { ["b"] = new(new Uri($"http://127.0.0.1:{portB}"), TestNode.TokenFor(secretB)) },
        }, Ct);
        await using var b = await TestNode.StartAsync(new TestNodeSpec
        {
            Name = "b",
            Secret = secretB,
            HttpPort = portB,
            Chains = new Dictionary<string, ChainSpec> { ["a"] = new(new Uri($"http://127.0.0.1:{portA}"), TestNode.TokenFor(secretA)) },
        }, Ct);

        foreach (var path in new[] { "b.a", "b.a.b.a.b.a.b.a.b.a" })
        {
            var (status, body) = await SendAsync(a, HttpMethod.Get, $"/v1/chain/{path}/ping");

            // a -> b -> a: a sees its own id in the call and refuses; b and a report it as a failed hop.
            Assert.Equal(HttpStatusCode.LoopDetected, status);
            JsonAssert.Equal(
                $$"""{"status_code": 508, "function": "ping", "entrypoint": "b", "chain": "{{path[2..]}}", "error": "HTTPStatusError", "message": "Server error '508 Loop Detected' for url 'http://127.0.0.1:{{portB}}/v1/chain/{{path[2..]}}/ping'"}""",
                body);
        }

        // The tree ends too: a's child b lists a, which refuses the call that already passed through it.
        var tree = await a.Api().GetChainsTreeAsync(Ct);
        var nodeB = Assert.Single(tree.Chains);
        Assert.Null(nodeB.Error);
        var back = Assert.Single(nodeB.Chains!);
        Assert.Equal("a", back.Name);
        Assert.Equal(508, back.Error!.StatusCode);
    }
}
