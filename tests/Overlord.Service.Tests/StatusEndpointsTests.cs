using System.Net;
using System.Text.Json.Nodes;
using Overlord.Core.Api;
using Overlord.Service.Api;
using Overlord.Service.Jobs;
using Overlord.Service.Tests.Support;
using Refit;

namespace Overlord.Service.Tests;

/// <summary>GET /v1/vm/&lt;vm&gt; and GET /v1/project/autoscale/&lt;p&gt; through IOverlordApi, locally and through a chain.</summary>
public sealed class StatusEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AVmWithoutAJobIsUpstreams404()
    {
        await using var node = await TestNode.StartAsync(new TestNodeSpec { Name = "main" }, Ct);

        var error = await Assert.ThrowsAsync<ApiException>(() => node.Api().GetVmStatusAsync("freebsd-vm", Ct));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        JsonAssert.Equal("""{"status_code": 404, "message": "VM 'freebsd-vm' cannot be found."}""", error.Content!);
    }

    [Fact]
    public async Task TheAutoscaleStateIsAbsentWithUpstreams404()
    {
        await using var node = await TestNode.StartAsync(new TestNodeSpec { Name = "main" }, Ct);

        var error = await Assert.ThrowsAsync<ApiException>(() => node.Api().GetAutoscaleStatusAsync("web", Ct));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        JsonAssert.Equal("""{"status_code": 404, "message": "Project 'web' cannot be found."}""", error.Content!);
    }

    [Fact]
    public async Task AVmJobInTheStoreIsTheVmsStatusThroughTheChain()
    {
        await using var tree = await NodeTree.StartAsync(Ct);
        var store = tree.Alpha.Service<JobStore>();
        var id = store.Enqueue(StatusEndpoints.VmJobKind, "freebsd-vm", JobRequest.Empty, null);
        Assert.True(store.Start(id));
        Assert.True(store.Finish(id, new JobOutcome(JobStatuses.Failed, new JsonObject { ["vm"] = "created" }, new JobException("VMError", "install failed"))));

        var reply = await tree.Main.Api().GetChainVmStatusAsync("alpha", "freebsd-vm", Ct);

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal((JobStatuses.Failed, id), (reply.Status.Operation, reply.Status.JobId));
        Assert.InRange(reply.Status.LastUpdate!.Value, 0, 60);
        JsonAssert.Equal("""{"vm": "created"}""", reply.Status.Output!.ToJsonString());
        JsonAssert.Equal("""{"type": "VMError", "message": "install failed"}""", reply.Status.Exception!.ToJsonString());
        await Assert.ThrowsAsync<ApiException>(() => tree.Main.Api().GetVmStatusAsync("freebsd-vm", Ct));
    }

    [Theory]
    [InlineData("/v1/vm/-bad")]
    [InlineData("/v1/vm/a")]
    [InlineData("/v1/project/autoscale/a%2Fb")]
    public async Task NamesOutsideUpstreamsPatternsHaveNoRoute(string path)
    {
        await using var node = await TestNode.StartAsync(new TestNodeSpec { Name = "main" }, Ct);
        using var client = node.Raw();

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        // No route: the generic "Not Found", not the handler's "VM '…' cannot be found."
        JsonAssert.Equal($$"""{"status_code": 404, "message": "{{UpstreamJson.NotFound}}"}""", await response.Content.ReadAsStringAsync(Ct));
    }
}
