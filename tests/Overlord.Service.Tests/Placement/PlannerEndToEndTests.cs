using System.Net;
using System.Reflection;
using System.Text;
using Overlord.Core.Api;
using Overlord.Core.Placement;
using Overlord.Core.Specs;
using Overlord.Service.Tests.Support;
using Refit;

namespace Overlord.Service.Tests.Placement;

/// <summary>The planner against the five real nodes main → alpha → {bravo, charlie → delta}.</summary>
public sealed class PlannerEndToEndTests(NodeTreeFixture fixture) : IClassFixture<NodeTreeFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static Spec Spec(TestNode main, string deployIn, string extra = "")
    {
        var yaml = $"""
            kind: readOnly
            datacenters:
              main:
                entrypoint: "{main.BaseAddress.GetLeftPart(UriPartial.Authority)}"
                access_token: "{main.Token}"
            deployIn:
            {string.Join("\n", deployIn.Split('\n').Select(l => "  " + l))}
            {extra}
            """;
        var result = SpecLoader.Parse(yaml, "spec.yml", new SpecLoaderOptions { Environment = _ => null });
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Spec!;
    }

    private async Task<DeploymentPlan> PlanAsync(string deployIn, string extra = "", PlannerOptions? options = null)
    {
        using var clients = new DatacenterClientFactory();
        return await new DeploymentPlanner(clients, options).PlanAsync(Spec(fixture.Tree.Main, deployIn, extra), PlanPurpose.Read, Ct);
    }

    [Fact]
    public async Task WebTargetsExactlyAlphaAndBravo()
    {
        var plan = await PlanAsync("labels: [web]");

        Assert.Equal(["alpha", "alpha.bravo"], plan.Targets.Select(t => t.Chain));
        Assert.Equal(["all", "bravo", "web"], plan.Targets[1].Labels);
        Assert.All(plan.Targets, t => Assert.Equal(fixture.Tree.Main.BaseAddress.GetLeftPart(UriPartial.Authority), t.Entrypoint.GetLeftPart(UriPartial.Authority)));
        Assert.Empty(plan.Unreachable);
    }

    [Fact]
    public async Task ExcludeBravoDropsBravo()
    {
        var plan = await PlanAsync("labels: [web]\nexclude: [bravo]");

        Assert.Equal(["alpha"], plan.Targets.Select(t => t.Chain));
    }

    [Fact]
    public async Task AnEntrypointBelowTheDatacenterStartsThere()
    {
        var plan = await PlanAsync("entrypoints: [main.alpha.charlie]");

        Assert.Equal(["main.alpha.charlie", "main.alpha.charlie.delta"], plan.Targets.Select(t => t.Address));
        Assert.Equal(["all", "delta", "db-only"], plan.Targets[1].Labels);
    }

    [Fact]
    public async Task EveryNodeIsFoundDepthFirst()
    {
        var plan = await PlanAsync("labels: [all]", "maximumDeployments: 2");

        Assert.Equal([null, "alpha", "alpha.bravo", "alpha.charlie", "alpha.charlie.delta"], plan.Targets.Select(t => t.Chain));
        Assert.Equal([true, true, false, false, false], plan.Targets.Select(t => t.WithinMaximum));
    }

    [Fact]
    public async Task FilterChainKeepsTheNamedPaths()
    {
        var plan = await PlanAsync("labels: [all]", options: new PlannerOptions { FilterChains = ["alpha.charlie.delta"] });

        Assert.Equal(["alpha.charlie.delta"], plan.Targets.Select(t => t.Chain));
    }

    [Fact]
    public async Task WithoutTheTreeRouteTheWalkIsUpstreams()
    {
        using var real = new DatacenterClientFactory();
        var clients = new TreeMissing(real);

        var plan = await new DeploymentPlanner(clients).PlanAsync(Spec(fixture.Tree.Main, "labels: [web, db-only]\nexclude: [bravo]"), PlanPurpose.Read, Ct);

        Assert.Equal(["alpha", "alpha.charlie.delta"], plan.Targets.Select(t => t.Chain));
        Assert.Equal(["GetChainsTreeAsync"], clients.TreeCalls);
        Assert.Empty(plan.Unreachable);
    }

    [Fact]
    public async Task AStoppedNodeIsUnreachableWhileTheRestIsPlanned()
    {
        await using var tree = await NodeTree.StartAsync(Ct);
        await tree.Charlie.StopAsync();
        using var clients = new DatacenterClientFactory();

        var plan = await new DeploymentPlanner(clients).PlanAsync(Spec(tree.Main, "labels: [all]"), PlanPurpose.Read, Ct);

        Assert.Equal(["main", "main.alpha", "main.alpha.bravo"], plan.Targets.Select(t => t.Address));
        var down = Assert.Single(plan.Unreachable);
        Assert.Equal("main.alpha.charlie", down.Address);
        Assert.Contains("503", down.Error);
    }

    [Fact]
    public async Task AStoppedNodeIsUnreachableOnTheUpstreamWalkToo()
    {
        await using var tree = await NodeTree.StartAsync(Ct);
        await tree.Charlie.StopAsync();
        using var real = new DatacenterClientFactory();

        var plan = await new DeploymentPlanner(new TreeMissing(real)).PlanAsync(Spec(tree.Main, "labels: [all]"), PlanPurpose.Read, Ct);

        Assert.Equal(["main", "main.alpha", "main.alpha.bravo"], plan.Targets.Select(t => t.Address));
        Assert.Equal("main.alpha.charlie", Assert.Single(plan.Unreachable).Address);
    }

    [Fact]
    public async Task ReadOnlyIsRefusedForApply()
    {
        using var clients = new DatacenterClientFactory();

        var e = await Assert.ThrowsAsync<DeploymentRefusedException>(() =>
            new DeploymentPlanner(clients).PlanAsync(Spec(fixture.Tree.Main, "labels: [all]"), PlanPurpose.Apply, Ct));

        Assert.Equal(78, e.ExitCode);
    }

    /// <summary>Real clients whose tree routes answer 404 as an upstream node does.</summary>
    private sealed class TreeMissing(IDatacenterClientFactory inner) : IDatacenterClientFactory
    {
        public List<string> TreeCalls { get; } = [];

        public IOverlordApi GetClient(string datacenter, DatacenterSpec spec)
        {
            var proxy = DispatchProxy.Create<IOverlordApi, NoTreeProxy>();
            var p = (NoTreeProxy)(object)proxy;
            p.Inner = inner.GetClient(datacenter, spec);
            p.TreeCalls = TreeCalls;
            return proxy;
        }
    }

    public class NoTreeProxy : DispatchProxy
    {
        internal IOverlordApi Inner { get; set; } = null!;

        internal List<string> TreeCalls { get; set; } = null!;

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name.Contains("ChainsTree", StringComparison.Ordinal))
            {
                TreeCalls.Add(method.Name);
                var request = new HttpRequestMessage(HttpMethod.Get, "http://upstream/v1/chains/tree");
                var response = new HttpResponseMessage(HttpStatusCode.NotFound)
                {
                    Content = new StringContent("""{"status_code": 404, "message": "Not Found"}""", Encoding.UTF8, "application/json"),
                    RequestMessage = request,
                };
                var error = ApiException.Create(request, HttpMethod.Get, response, OverlordClient.Settings).GetAwaiter().GetResult();
                return Task.FromException<ChainTreeReply>(error);
            }
            return method.Invoke(Inner, args);
        }
    }
}
