using System.Net;
using System.Text;
using Overlord.Service.Tests.Support;

namespace Overlord.Service.Tests;

/// <summary>Health, the request size limit, OpenAPI and our routes' error shape.</summary>
public sealed class NodeHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/healthz/live")]
    [InlineData("/healthz/ready")]
    public async Task HealthNeedsNoToken(string path)
    {
        await using var node = await TestNode.StartAsync(new TestNodeSpec { Name = "health" }, Ct);

        var response = await node.Raw().GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("/v1/ping", false)]
    [InlineData("/v1/chains/tree", true)]
    public async Task BodiesOverTheLimitGet413InTheRoutesShape(string path, bool ownRoute)
    {
        await using var node = await TestNode.StartAsync(new TestNodeSpec { Name = "limits", MaxRequestBodySize = 64 * 1024 }, Ct);
        using var request = new HttpRequestMessage(ownRoute ? HttpMethod.Get : HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"x\": \"" + new string('a', 100 * 1024) + "\"}")),
        };
        request.Headers.TryAddWithoutValidation("Authentication", "Bearer " + node.Token);

        var response = await node.Raw().SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        if (ownRoute)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        else
        {
            JsonAssert.Equal("""{"status_code": 413, "message": "Request body is larger than 65536 bytes."}""", body);
        }
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesOurRoutesOnly()
    {
        await using var node = await TestNode.StartAsync(new TestNodeSpec { Name = "openapi" }, Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.TryAddWithoutValidation("Authentication", "Bearer " + node.Token);

        var response = await node.Raw().SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"/v1/chains/tree\"", body, StringComparison.Ordinal);
        Assert.Contains("\"/v1/chains/stats\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"/v1/ping\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("/v1/chain/{path}", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OurRoutesAnswerWrongMethodsWithProblemDetails()
    {
        await using var node = await TestNode.StartAsync(new TestNodeSpec { Name = "methods" }, Ct);
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/v1/chains/stats");
        request.Headers.TryAddWithoutValidation("Authentication", "Bearer " + node.Token);

        var response = await node.Raw().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task DisabledChainsAreNotServed()
    {
        await using var child = await TestNode.StartAsync(new TestNodeSpec { Name = "child" }, Ct);
        await using var node = await TestNode.StartAsync(new TestNodeSpec
        {
            Name = "parent",
            Chains = new Dictionary<string, ChainSpec> { ["enabled"] = child.AsChain(), ["disabled"] = child.AsChain("disable: true") },
        }, Ct);
        var api = node.Api();

        Assert.Equal(["enabled"], (await api.GetChainsAsync(Ct)).Chains);
        var error = await Assert.ThrowsAsync<Refit.ApiException>(() => api.GetChainPingAsync("disabled", Ct));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        JsonAssert.Equal("""{"status_code": 404, "message": "Next entrypoint 'disabled' cannot be found."}""", error.Content!);
    }
}
