using Overlord.Core.Chains;
using Overlord.Core.Placement;
using Overlord.Core.Specs;

namespace Overlord.Core.Tests.Placement;

public sealed class DeploymentEnvironmentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DirectorProjectSpec Spec(string extra) => (DirectorProjectSpec)PlacementSpecs.Load($"""
        kind: directorProject
        datacenters:
          main:
            entrypoint: http://127.0.0.1:8888
            access_token: token
          other:
            entrypoint: http://127.0.0.1:8889
            access_token: token
        deployIn:
          labels: [all]
        projectName: app
        {extra}
        """);

    private static DeploymentTarget Target(string dc, string chain, params string[] labels) => new()
    {
        Datacenter = dc,
        Entrypoint = new Uri("http://127.0.0.1:8888"),
        Path = ChainPath.Parse(chain),
        Labels = labels,
    };

    private const string AllSources = """
        environment: {A: env, B: env, C: env, D: env, E: env}
        labelsEnvironment:
          web: {B: web, C: web, D: web, E: web}
          all: {B: all, C: all, D: all, E: all}
        chainsEnvironment:
          alpha.bravo: {C: chain, D: chain, E: chain}
          <root>: {C: root, D: root, E: root}
        datacentersEnvironment:
          main: {D: dc, E: dc}
        """;

    [Fact]
    public void EverySourceOverridesTheOnesBeforeIt()
    {
        var spec = Spec("projectFile: x.yml\n" + AllSources);

        var env = DeploymentEnvironment.Compose(spec, Target("main", "alpha.bravo", "all", "bravo", "web"));

        Assert.Equal("env", env["A"]);
        // Node order all, bravo, web: web is applied last, whatever the spec's order.
        Assert.Equal("web", env["B"]);
        Assert.Equal("chain", env["C"]);
        Assert.Equal("dc", env["D"]);
        Assert.Equal("dc", env["E"]);
    }

    [Fact]
    public void LabelsApplyInTheNodesOrder()
    {
        var spec = Spec("projectFile: x.yml\n" + AllSources);

        var env = DeploymentEnvironment.Compose(spec, Target("other", "", "web", "all"));

        Assert.Equal("all", env["B"]);
    }

    [Fact]
    public void RootKeyAppliesOnlyToTheDatacentersNode()
    {
        var spec = Spec("projectFile: x.yml\n" + AllSources);

        var root = DeploymentEnvironment.Compose(spec, Target("other", "", "all"));
        var child = DeploymentEnvironment.Compose(spec, Target("other", "alpha", "all"));

        Assert.Equal("root", root["C"]);
        Assert.Equal("all", child["C"]);
    }

    [Fact]
    public void DottedChainKeysMatchTheWholePathOnly()
    {
        var spec = Spec("projectFile: x.yml\n" + AllSources);

        Assert.Equal("chain", DeploymentEnvironment.Compose(spec, Target("other", "alpha.bravo", "x"))["C"]);
        Assert.Equal("env", DeploymentEnvironment.Compose(spec, Target("other", "alpha", "x"))["C"]);
        Assert.Equal("env", DeploymentEnvironment.Compose(spec, Target("other", "alpha.bravo.x", "x"))["C"]);
    }

    [Fact]
    public async Task EnvironFromMetadataWinsOverEverything()
    {
        var spec = Spec("projectFile: x.yml\nenvironFromMetadata: app.env\n" + AllSources);
        var node = new FakeNode("all");
        node.Add("alpha", new FakeNode("all").Add("bravo", new FakeNode("all", "web")));
        ((FakeNode)node.Children[0].Node.Children[0].Node).Metadata["app.env"] = "E: metadata\nF: 8080\nG: ${HOME}\n";
        var (api, _) = FakeOverlord.Create(node);

        var resolved = await DeploymentEnvironment.ResolveAsync(spec, Target("main", "alpha.bravo", "all", "web"), api, "director text", Ct);

        Assert.False(resolved.IsSkipped, resolved.SkipReason);
        Assert.Equal("director text", resolved.DirectorFile);
        Assert.Equal("metadata", resolved.Environment["E"]);
        Assert.Equal("dc", resolved.Environment["D"]);
        Assert.Equal("8080", resolved.Environment["F"]);
        // Read as plain YAML, as upstream's SafeLoader: no ${} expansion.
        Assert.Equal("${HOME}", resolved.Environment["G"]);
    }

    [Theory]
    [InlineData("- a\n- b\n", "list")]
    [InlineData("just text", "string")]
    [InlineData("", "null")]
    [InlineData("A: {nested: x}", "must be a string")]
    [InlineData("A: [x: 1", "app.env:")]
    public async Task EnvironFromMetadataThatIsNotAMapOfStringsSkipsTheTarget(string document, string expected)
    {
        var spec = Spec("projectFile: x.yml\nenvironFromMetadata: app.env");
        var node = new FakeNode("all");
        node.Metadata["app.env"] = document;
        var (api, _) = FakeOverlord.Create(node);

        var resolved = await DeploymentEnvironment.ResolveAsync(spec, Target("main", "", "all"), api, "text", Ct);

        Assert.True(resolved.IsSkipped);
        Assert.StartsWith("environFromMetadata: ", resolved.SkipReason);
        Assert.Contains(expected, resolved.SkipReason);
        Assert.Null(resolved.DirectorFile);
    }

    [Fact]
    public async Task MissingEnvironFromMetadataSkipsTheTarget()
    {
        var spec = Spec("projectFile: x.yml\nenvironFromMetadata: app.env");
        var (api, _) = FakeOverlord.Create(new FakeNode("all"));

        var resolved = await DeploymentEnvironment.ResolveAsync(spec, Target("main", "", "all"), api, "text", Ct);

        Assert.Contains("cannot read metadata 'app.env': 404 Metadata cannot be found.", resolved.SkipReason);
    }

    [Fact]
    public async Task ProjectFromMetadataIsReadFromTheTarget()
    {
        var spec = Spec("projectFromMetadata: app.director");
        var child = new FakeNode("all");
        child.Metadata["app.director"] = "services: {}";
        var (api, fake) = FakeOverlord.Create(new FakeNode("all").Add("alpha", child));

        var resolved = await DeploymentEnvironment.ResolveAsync(spec, Target("main", "alpha", "all"), api, null, Ct);

        Assert.Equal("services: {}", resolved.DirectorFile);
        Assert.Contains("GetChainMetadataAsync(alpha)", fake.Calls);
    }

    [Fact]
    public async Task MissingProjectFromMetadataSkipsTheTarget()
    {
        var spec = Spec("projectFromMetadata: app.director");
        var (api, _) = FakeOverlord.Create(new FakeNode("all"));

        var resolved = await DeploymentEnvironment.ResolveAsync(spec, Target("main", "", "all"), api, null, Ct);

        Assert.True(resolved.IsSkipped);
        Assert.StartsWith("projectFromMetadata: cannot read metadata 'app.director'", resolved.SkipReason);
    }
}
