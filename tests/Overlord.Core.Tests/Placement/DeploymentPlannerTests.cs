using Overlord.Core.Placement;
using Overlord.Core.Specs;

namespace Overlord.Core.Tests.Placement;

public sealed class DeploymentPlannerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Spec Spec(string deployIn, string extra = "", string kind = "readOnly") => PlacementSpecs.Load($"""
        kind: {kind}
        datacenters:
          main:
            entrypoint: http://127.0.0.1:8888
            access_token: token
          other:
            entrypoint: http://127.0.0.1:8889
            access_token: token
        deployIn:
        {Indent(deployIn)}
        {extra}
        """);

    private static string Indent(string text) => string.Join("\n", text.Split('\n').Select(l => "  " + l));

    private static async Task<DeploymentPlan> PlanAsync(Spec spec, FakeClients clients, PlannerOptions? options = null) =>
        await new DeploymentPlanner(clients, options).PlanAsync(spec, PlanPurpose.Read, Ct);

    private static FakeClients Transcripts(Action<(FakeNode Main, FakeNode Alpha, FakeNode Bravo, FakeNode Charlie, FakeNode Delta)>? change = null)
    {
        var tree = FakeClients.Transcripts();
        change?.Invoke(tree);
        return new FakeClients().Add("main", tree.Main);
    }

    [Fact]
    public async Task EveryNodeIsATargetDepthFirstWithOneTreeCall()
    {
        var clients = Transcripts();

        var plan = await PlanAsync(Spec("entrypoints: [main]"), clients);

        Assert.Equal(["main", "main.alpha", "main.alpha.bravo", "main.alpha.charlie", "main.alpha.charlie.delta"], plan.Targets.Select(t => t.Address));
        Assert.Equal([null, "alpha", "alpha.bravo", "alpha.charlie", "alpha.charlie.delta"], plan.Targets.Select(t => t.Chain));
        Assert.Equal(["all", "delta", "db-only"], plan.Targets[^1].Labels);
        Assert.All(plan.Targets, t => Assert.Equal(new Uri("http://127.0.0.1:8888"), t.Entrypoint));
        Assert.Equal(["GetChainsTreeAsync"], clients.Fake("main").Calls);
        Assert.Empty(plan.Unreachable);
    }

    [Fact]
    public async Task AnUpstreamNodeIsWalkedWithChainsAndLabelsPerNode()
    {
        var clients = Transcripts(t => t.Main.Upstream = true);

        var plan = await PlanAsync(Spec("entrypoints: [main]"), clients);

        Assert.Equal(["main", "main.alpha", "main.alpha.bravo", "main.alpha.charlie", "main.alpha.charlie.delta"], plan.Targets.Select(t => t.Address));
        Assert.Equal(["all", "alpha", "web"], plan.Targets[1].Labels);
        var calls = clients.Fake("main").Calls;
        Assert.Equal("GetChainsTreeAsync", calls[0]);
        Assert.Contains("GetChainLabelsAsync(alpha.charlie.delta)", calls);
        Assert.Contains("GetChainChainsAsync(alpha.charlie)", calls);
        Assert.Empty(plan.Unreachable);
    }

    [Fact]
    public async Task AnUpstreamHopBelowTheStartAlsoFallsBack()
    {
        var clients = Transcripts(t => t.Alpha.Upstream = true);

        var plan = await PlanAsync(Spec("entrypoints: [main.alpha.charlie]"), clients);

        Assert.Equal(["main.alpha.charlie", "main.alpha.charlie.delta"], plan.Targets.Select(t => t.Address));
        Assert.Contains("GetChainLabelsAsync(alpha.charlie)", clients.Fake("main").Calls);
    }

    [Fact]
    public async Task LabelsSelectAnyMatchingNode()
    {
        var plan = await PlanAsync(Spec("labels: [web]"), Transcripts());

        Assert.Equal(["main.alpha", "main.alpha.bravo"], plan.Targets.Select(t => t.Address));
        Assert.Equal("matched by label 'web'", plan.Targets[0].Reason);
    }

    [Fact]
    public async Task ExcludeDropsANodeEvenWhenALabelMatches()
    {
        var plan = await PlanAsync(Spec("labels: [web]\nexclude: [bravo]"), Transcripts());

        Assert.Equal(["main.alpha"], plan.Targets.Select(t => t.Address));
    }

    [Fact]
    public async Task ExcludeIsCheckedBeforeLabels()
    {
        var plan = await PlanAsync(Spec("labels: [delta]\nexclude: [all]"), Transcripts());

        Assert.Empty(plan.Targets);
    }

    [Fact]
    public async Task AnEntrypointWithAChainStartsThere()
    {
        var plan = await PlanAsync(Spec("entrypoints: [main.alpha.charlie]"), Transcripts());

        Assert.Equal(["alpha.charlie", "alpha.charlie.delta"], plan.Targets.Select(t => t.Chain));
    }

    [Fact]
    public async Task OverlappingEntrypointsDeployTwiceIdenticalOnesOnce()
    {
        var plan = await PlanAsync(Spec("entrypoints: [main, main.alpha, main, main.alpha]\nlabels: [alpha]"), Transcripts());

        Assert.Equal(["main.alpha", "main.alpha"], plan.Targets.Select(t => t.Address));
    }

    [Fact]
    public async Task EntrypointsDefaultToEveryDatacenter()
    {
        var clients = Transcripts().Add("other", new FakeNode("all", "lonely"));

        var plan = await PlanAsync(Spec("labels: [lonely, bravo]"), clients);

        Assert.Equal(["main.alpha.bravo", "other"], plan.Targets.Select(t => t.Address));
        Assert.Equal(new Uri("http://127.0.0.1:8889"), plan.Targets[1].Entrypoint);
    }

    [Fact]
    public async Task FilterChainKeepsOnlyThosePathsAndDropsTheRoot()
    {
        var options = new PlannerOptions { FilterChains = ["alpha.charlie", "alpha.bravo"] };

        var plan = await PlanAsync(Spec("entrypoints: [main]"), Transcripts(), options);

        Assert.Equal(["alpha.bravo", "alpha.charlie"], plan.Targets.Select(t => t.Chain));
    }

    [Fact]
    public async Task FilterRootChainKeepsTheRootToo()
    {
        var options = new PlannerOptions { FilterChains = ["alpha"], FilterRootChain = true };

        var plan = await PlanAsync(Spec("entrypoints: [main]"), Transcripts(), options);

        Assert.Equal([null, "alpha"], plan.Targets.Select(t => t.Chain));
    }

    [Fact]
    public async Task FilterChainStillAppliesLabels()
    {
        var options = new PlannerOptions { FilterChains = ["alpha.charlie", "alpha.bravo"] };

        var plan = await PlanAsync(Spec("labels: [web]"), Transcripts(), options);

        Assert.Equal(["alpha.bravo"], plan.Targets.Select(t => t.Chain));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ADownBranchIsReportedAndTheRestIsPlanned(bool upstream)
    {
        var clients = Transcripts(t =>
        {
            t.Charlie.Down = true;
            t.Main.Upstream = upstream;
        });

        var plan = await PlanAsync(Spec("entrypoints: [main]"), clients);

        Assert.Equal(["main", "main.alpha", "main.alpha.bravo"], plan.Targets.Select(t => t.Address));
        var down = Assert.Single(plan.Unreachable);
        Assert.Equal("main.alpha.charlie", down.Address);
        Assert.Contains("503", down.Error);
        Assert.Contains("Connection refused", down.Error);
        Assert.False(down.ChildrenOnly);
    }

    [Fact]
    public async Task ADownDatacenterIsReportedAndOtherDatacentersArePlanned()
    {
        var clients = Transcripts(t => t.Main.Down = true).Add("other", new FakeNode("all"));

        var plan = await PlanAsync(Spec("labels: [all]"), clients);

        Assert.Equal(["other"], plan.Targets.Select(t => t.Address));
        var down = Assert.Single(plan.Unreachable);
        Assert.Equal("main", down.Address);
        Assert.Null(down.Chain);
        Assert.Contains("Connection refused", down.Error);
    }

    [Fact]
    public async Task AMissingChainIsReported()
    {
        var plan = await PlanAsync(Spec("entrypoints: [main.zulu]"), Transcripts());

        Assert.Empty(plan.Targets);
        var missing = Assert.Single(plan.Unreachable);
        Assert.Equal("main.zulu", missing.Address);
        Assert.Contains("Next entrypoint 'zulu' cannot be found.", missing.Error);
    }

    [Fact]
    public async Task ANodeWhoseChildrenCannotBeListedIsStillATarget()
    {
        var clients = Transcripts(t =>
        {
            t.Main.Upstream = true;
            t.Alpha.ChainsFail = true;
        });

        var plan = await PlanAsync(Spec("entrypoints: [main]"), clients);

        Assert.Equal(["main", "main.alpha"], plan.Targets.Select(t => t.Address));
        var partial = Assert.Single(plan.Unreachable);
        Assert.Equal("main.alpha", partial.Address);
        Assert.True(partial.ChildrenOnly);
    }

    [Fact]
    public async Task MaximumDeploymentsMarksTheFirstTargets()
    {
        var plan = await PlanAsync(Spec("labels: [all]", "maximumDeployments: 2"), Transcripts());

        Assert.Equal(2, plan.MaximumDeployments);
        Assert.Equal([true, true, false, false, false], plan.Targets.Select(t => t.WithinMaximum));
    }

    [Fact]
    public async Task MetadataSpecsCountEveryKeyTowardsTheMaximum()
    {
        var spec = Spec("labels: [all]", "maximumDeployments: 3\nmetadata: {a: x, b: y}", kind: "metadata");

        var plan = await PlanAsync(spec, Transcripts());

        Assert.Equal([true, true, false, false, false], plan.Targets.Select(t => t.WithinMaximum));
    }

    [Fact]
    public async Task WithoutAMaximumEveryTargetIsWithin()
    {
        var plan = await PlanAsync(Spec("labels: [all]"), Transcripts());

        Assert.All(plan.Targets, t => Assert.True(t.WithinMaximum));
    }

    [Fact]
    public async Task AllLabelsSkipsLabelsAndExclude()
    {
        var plan = await PlanAsync(Spec("labels: [nothing]\nexclude: [all]"), Transcripts(), new PlannerOptions { AllLabels = true });

        Assert.Equal(5, plan.Targets.Count);
    }

    [Fact]
    public async Task AutoScaleLabelsReplaceDeployInLabelsWhenAsked()
    {
        var spec = Spec("labels: [web]", """
            projectName: app
            projectFile: appjail-director.yml
            autoScale:
              labels: [db-only]
            """, kind: "directorProject");

        var plain = await PlanAsync(spec, Transcripts());
        var autoscale = await PlanAsync(spec, Transcripts(), new PlannerOptions { UseAutoScaleLabels = true });

        Assert.Equal(["main.alpha", "main.alpha.bravo"], plain.Targets.Select(t => t.Address));
        Assert.Equal(["main.alpha.charlie.delta"], autoscale.Targets.Select(t => t.Address));
    }

    [Theory]
    [InlineData(PlanPurpose.Apply)]
    [InlineData(PlanPurpose.Destroy)]
    [InlineData(PlanPurpose.Cancel)]
    public async Task AReadOnlySpecIsRefusedForChanges(PlanPurpose purpose)
    {
        var planner = new DeploymentPlanner(Transcripts());

        var e = await Assert.ThrowsAsync<DeploymentRefusedException>(() => planner.PlanAsync(Spec("labels: [all]"), purpose, Ct));

        Assert.Equal("ReadOnlySpecRefused", e.ErrorId);
        Assert.Equal(78, e.ExitCode);
        Assert.Contains("readOnly", e.Message);
    }

    [Fact]
    public async Task AReadOnlySpecIsAcceptedForReads()
    {
        var plan = await new DeploymentPlanner(Transcripts()).PlanAsync(Spec("labels: [all]"), PlanPurpose.Read, Ct);

        Assert.Equal(5, plan.Targets.Count);
    }

    [Fact]
    public async Task ADatacenterWithoutEntrypointIsUnreachable()
    {
        var spec = PlacementSpecs.Load("""
            kind: readOnly
            datacenters:
              main:
            deployIn:
              labels: [all]
            """);

        var plan = await PlanAsync(spec, Transcripts());

        Assert.Empty(plan.Targets);
        Assert.Contains("entrypoint is not set", Assert.Single(plan.Unreachable).Error);
    }

    [Fact]
    public void TheBudgetStopsAtTheMaximumAndCountsOnlySuccesses()
    {
        var budget = new DeploymentBudget(2);
        Assert.False(budget.IsExhausted);
        budget.RecordSuccess();
        Assert.False(budget.IsExhausted);
        budget.RecordSuccess();
        Assert.True(budget.IsExhausted);
        Assert.Equal("2/2", budget.ToString());

        var unlimited = new DeploymentBudget(0);
        unlimited.RecordSuccess(1000);
        Assert.False(unlimited.IsExhausted);
    }
}
