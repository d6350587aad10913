using System.Net;
using System.Text;
using Overlord.Core.Api;

namespace Overlord.Core.Tests.Api;

public sealed class OverlordClientTests
{
    private sealed class CapturingHandler(string json) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            });
        }
    }

    [Fact]
    public async Task SendsTheTokenAsAuthenticationAndKeepsTheDotsOfAChainPath()
    {
        var handler = new CapturingHandler("""{"status_code": 200, "status": "OK"}""");
        using var client = OverlordClient.Create(new Uri("http://127.0.0.1:8888"), "the-token", new OverlordClientOptions { InnerHandler = handler });

        var reply = await client.Api.GetChainPingAsync("alpha.charlie.delta", TestContext.Current.CancellationToken);

        Assert.Equal(new PingReply(200, "OK"), reply);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("http://127.0.0.1:8888/v1/chain/alpha.charlie.delta/ping", request.RequestUri!.OriginalString);
        Assert.Equal("Bearer the-token", request.Headers.GetValues("Authentication").Single());
        Assert.False(request.Headers.Contains("Authorization"));
    }

    [Fact]
    public async Task ReadsUpstreamsKeys()
    {
        var handler = new CapturingHandler("""
            {"status_code": 200, "labels": ["all", "main"], "chains": [
              {"name": "alpha", "labels": ["all"], "chains": []},
              {"name": "dead", "error": {"status_code": 503, "error": "ConnectError", "message": "refused"}}]}
            """);
        using var client = OverlordClient.Create(new Uri("http://node"), "t", new OverlordClientOptions { InnerHandler = handler });

        var tree = await client.Api.GetChainsTreeAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["all", "main"], tree.Labels);
        Assert.Equal(["all"], tree.Chains[0].Labels);
        Assert.Equal(new ChainTreeError(503, "ConnectError", "refused"), tree.Chains[1].Error);
        Assert.Null(tree.Chains[1].Labels);
    }

    [Fact]
    public void TheHandlerNeverShowsTheToken()
    {
        using var handler = new OverlordAuthHandler("secret-token");

        Assert.DoesNotContain("secret-token", handler.ToString(), StringComparison.Ordinal);
    }
}
