using System.Net;
using System.Text.Json;
using Overlord.Core.Api;
using Overlord.Service.Tests.Support;
using Refit;

namespace Overlord.Service.Tests;

/// <summary>The five-node tree answers through <see cref="IOverlordApi"/> at every address.</summary>
public sealed class ChainTreeTests(NodeTreeFixture fixture) : IClassFixture<NodeTreeFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string[], string[]> Addresses => new()
    {
        { "", ["all", "main"], ["alpha"] },
        { "alpha", ["all", "alpha", "web"], ["bravo", "charlie"] },
        { "alpha.bravo", ["all", "bravo", "web"], [] },
        { "alpha.charlie", ["all", "charlie"], ["delta"] },
        { "alpha.charlie.delta", ["all", "delta", "db-only"], [] },
    };

    [Theory]
    [MemberData(nameof(Addresses))]
    public async Task EveryAddressAnswersPingLabelsAndChains(string chain, string[] labels, string[] chains)
    {
        var api = fixture.Tree.Main.Api();

        var ping = chain == "" ? await api.GetPingAsync(Ct) : await api.GetChainPingAsync(chain, Ct);
        var labelsReply = chain == "" ? await api.GetLabelsAsync(Ct) : await api.GetChainLabelsAsync(chain, Ct);
        var chainsReply = chain == "" ? await api.GetChainsAsync(Ct) : await api.GetChainChainsAsync(chain, Ct);

        Assert.Equal(new PingReply(200, "OK"), ping);
        Assert.Equal(200, labelsReply.StatusCode);
        Assert.Equal(labels, labelsReply.Labels);
        Assert.Equal(200, chainsReply.StatusCode);
        Assert.Equal(chains, chainsReply.Chains);
    }

    [Fact]
    public async Task TheTreeHoldsEveryNodeWithItsLabels()
    {
        var tree = await fixture.Tree.Main.Api().GetChainsTreeAsync(Ct);

        Assert.Equal(["all", "main"], tree.Labels);
        var alpha = Assert.Single(tree.Chains);
        Assert.Equal("alpha", alpha.Name);
        Assert.Null(alpha.Error);
        Assert.Equal(["all", "alpha", "web"], alpha.Labels);
        Assert.Equal(["bravo", "charlie"], alpha.Chains!.Select(c => c.Name));
        var charlie = alpha.Chains![1];
        var delta = Assert.Single(charlie.Chains!);
        Assert.Equal("delta", delta.Name);
        Assert.Equal(["all", "delta", "db-only"], delta.Labels);
        Assert.Empty(delta.Chains!);
    }

    [Fact]
    public async Task TheTreeOfASubchainGoesThroughTheRouter()
    {
        var tree = await fixture.Tree.Main.Api().GetChainChainsTreeAsync("alpha.charlie", Ct);

        Assert.Equal(["all", "charlie"], tree.Labels);
        Assert.Equal("delta", Assert.Single(tree.Chains).Name);
    }

    [Fact]
    public async Task StatsListEveryDirectChild()
    {
        var stats = await fixture.Tree.Main.Api().GetChainChainsStatsAsync("alpha", Ct);

        Assert.Equal(["bravo", "charlie"], stats.Chains.Select(c => c.Chain));
        Assert.All(stats.Chains, c => Assert.False(c.Disabled));
    }
}

/// <summary>Trees with a node down, a slow branch, or an upstream (tree-less) child.</summary>
public sealed class ChainTreeFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStoppedTailFailsWithUpstreamsBodyAndIsCounted()
    {
        await using var tree = await NodeTree.StartAsync(Ct);
        await tree.Delta.StopAsync();
        var api = tree.Main.Api();

        var error = await Assert.ThrowsAsync<ApiException>(() => api.GetChainPingAsync("alpha.charlie.delta", Ct));

        // Transcript 90: the failure is reported by the first hop, with the child's 503.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(["status_code", "function", "entrypoint", "chain", "error", "message"], JsonAssert.Keys(error.Content!));
        var failure = JsonSerializer.Deserialize(error.Content!, OverlordJsonContext.Default.ChainFailureReply)!;
        Assert.Equal((503, "ping", "alpha", "charlie.delta", "HTTPStatusError"), (failure.StatusCode, failure.Function, failure.Entrypoint, failure.Chain, failure.Error));
        Assert.StartsWith("Server error '503 Service Unavailable'", failure.Message, StringComparison.Ordinal);

        // Only charlie, whose tail is delta, counts the failure.
        var charlieStats = await api.GetChainChainsStatsAsync("alpha.charlie", Ct);
        Assert.Equal(1, Assert.Single(charlieStats.Chains).Failures);
        var mainStats = await api.GetChainsStatsAsync(Ct);
        Assert.Equal(0, Assert.Single(mainStats.Chains).Failures);
    }

    [Fact]
    public async Task ADeadBranchIsAnErrorEntryWhileTheRestAnswers()
    {
        await using var tree = await NodeTree.StartAsync(Ct);
        await tree.Delta.StopAsync();

        var reply = await tree.Main.Api().GetChainsTreeAsync(Ct);

        var alpha = Assert.Single(reply.Chains);
        var bravo = alpha.Chains!.Single(c => c.Name == "bravo");
        Assert.Equal(["all", "bravo", "web"], bravo.Labels);
        var charlie = alpha.Chains!.Single(c => c.Name == "charlie");
        Assert.Equal(["all", "charlie"], charlie.Labels);
        var delta = Assert.Single(charlie.Chains!);
        Assert.Null(delta.Labels);
        Assert.Equal((503, "ConnectError"), (delta.Error!.StatusCode, delta.Error.Error));
    }

    [Fact]
    public async Task ASlowBranchRunsOutOfTimeWhileTheRestAnswers()
    {
        var release = new TaskCompletionSource();
        await using var slow = await SinkServer.StartAsync(async context =>
        {
            await release.Task.WaitAsync(context.RequestAborted);
        }, Ct);
        await using var fast = await TestNode.StartAsync(new TestNodeSpec { Name = "fast", Labels = ["all", "fast"] }, Ct);
        await using var main = await TestNode.StartAsync(new TestNodeSpec
        {
            Name = "main",
            Chains = new Dictionary<string, ChainSpec>
            {
                ["fast"] = fast.AsChain(),
                ["slow"] = new ChainSpec(slow.BaseAddress, "t", "timeout: 1"),
            },
        }, Ct);

        try
        {
            var reply = await main.Api().GetChainsTreeAsync(Ct);

            Assert.Equal(["all", "fast"], reply.Chains.Single(c => c.Name == "fast").Labels);
            var error = reply.Chains.Single(c => c.Name == "slow").Error!;
            Assert.Equal((504, "ReadTimeout"), (error.StatusCode, error.Error));
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task AnUpstreamChildIsWalkedWithChainsAndLabels()
    {
        // An upstream node: no /v1/chains/tree, one child "x" with no children.
        await using var upstream = await SinkServer.StartAsync(context => context.Request.Path.Value switch
        {
            "/v1/labels" => SinkServer.Json(200, """{"status_code": 200, "labels": ["all", "old"]}""")(context),
            "/v1/chains" => SinkServer.Json(200, """{"status_code": 200, "chains": ["x"]}""")(context),
            "/v1/chain/x/labels" => SinkServer.Json(200, """{"status_code": 200, "labels": ["all", "x"]}""")(context),
            "/v1/chain/x/chains" => SinkServer.Json(200, """{"status_code": 200, "chains": []}""")(context),
            _ => SinkServer.Json(404, """{"status_code": 404, "message": "Not Found"}""")(context),
        }, Ct);
        await using var main = await TestNode.StartAsync(new TestNodeSpec
        {
            Name = "main",
            Chains = new Dictionary<string, ChainSpec> { ["old"] = new(upstream.BaseAddress, "t") },
        }, Ct);

        var reply = await main.Api().GetChainsTreeAsync(Ct);

        var old = Assert.Single(reply.Chains);
        Assert.Null(old.Error);
        Assert.Equal(["all", "old"], old.Labels);
        var x = Assert.Single(old.Chains!);
        Assert.Equal("x", x.Name);
        Assert.Equal(["all", "x"], x.Labels);
        Assert.Empty(x.Chains!);
    }
}
