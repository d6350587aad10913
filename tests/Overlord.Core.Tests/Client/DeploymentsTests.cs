using Overlord.Core.Client;
using Overlord.Core.Placement;
using Overlord.Core.Specs;
using Overlord.Core.Tests.Placement;

namespace Overlord.Core.Tests.Client;

public sealed class DeploymentsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Spec Spec(string kind, string extra, string labels = "[all]") => PlacementSpecs.Load($"""
        kind: {kind}
        datacenters:
          main:
            entrypoint: http://127.0.0.1:8888
            access_token: token
        deployIn:
          labels: {labels}
        {extra}
        """);

    private static Spec Project(string extra = "") => Spec("directorProject", "projectName: web\nprojectFile: director.yml\n" + extra);

    private static Spec Metadata() => Spec("metadata", "metadataPrefix: shop\nmetadata:\n  a: b\nnamespace:\n  name: files\n  mapping:\n    - directory: var\n");

    private static FakeClients Tree() => new FakeClients().Add("main", FakeClients.Transcripts().Main);

    [Theory]
    [InlineData("readOnly", DeploymentOperation.Apply, "ReadOnlySpecRefused")]
    [InlineData("readOnly", DeploymentOperation.Cancel, "ReadOnlySpecRefused")]
    [InlineData("metadata", DeploymentOperation.Cancel, "SpecKindNotSupported")]
    [InlineData("autoScale", DeploymentOperation.Apply, "SpecKindNotSupported")]
    [InlineData("autoScale", DeploymentOperation.Cancel, "SpecKindNotSupported")]
    public void RefusesWhatItCannotRun(string kind, DeploymentOperation operation, string errorId)
    {
        var spec = kind switch
        {
            "readOnly" => Spec("readOnly", ""),
            "metadata" => Metadata(),
            _ => Project("autoScale:\n  labels: [web]\n"),
        };

        var refused = Assert.Throws<DeploymentRefusedException>(() => Deployments.EnsureSupported(spec, operation));

        Assert.Equal(errorId, refused.ErrorId);
        Assert.Contains(spec.Path, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAutoScaleProjectCanStillBeDestroyedAndMetadataWrittenAndDeleted()
    {
        Deployments.EnsureSupported(Project("autoScale:\n  labels: [web]\n"), DeploymentOperation.Destroy);
        Deployments.EnsureSupported(Metadata(), DeploymentOperation.Apply);
        Deployments.EnsureSupported(Metadata(), DeploymentOperation.Destroy);
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData("alpha bravo")]
    public void ABadChainFilterIsRefusedUpFront(string chain)
    {
        var e = Assert.Throws<ArgumentException>(() => new Deployments([chain]));

        Assert.Contains(chain, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "main,main.alpha,main.alpha.bravo,main.alpha.charlie,main.alpha.charlie.delta")]
    [InlineData(new[] { "" }, "main")]
    [InlineData(new[] { "<root>" }, "main")]
    [InlineData(new[] { "alpha.charlie" }, "main.alpha.charlie")]
    [InlineData(new[] { "<root>", "alpha" }, "main,main.alpha")]
    public async Task TheChainFilterKeepsTheListedChainsAndTheEntrypointWhenAsked(string[] chains, string expected)
    {
        using var deployments = new Deployments(chains, Tree());

        var planned = await deployments.PlanAsync(Project(), DeploymentOperation.Apply, Ct);

        Assert.Equal(expected.Split(','), planned.Plan.Targets.Select(t => t.Address));
    }

    [Theory]
    [InlineData("project", DeploymentOperation.Apply, "up", "web")]
    [InlineData("project", DeploymentOperation.Destroy, "down", "web")]
    [InlineData("project", DeploymentOperation.Cancel, "cancel", "web")]
    [InlineData("metadata", DeploymentOperation.Apply, "metadata", "files")]
    [InlineData("metadata", DeploymentOperation.Destroy, "delete", "files")]
    public async Task APlanSaysWhatEachTargetGets(string kind, DeploymentOperation operation, string action, string project)
    {
        using var deployments = new Deployments(null, Tree());

        var planned = await deployments.PlanAsync(kind == "metadata" ? Metadata() : Project(), operation, Ct);

        Assert.Equal((action, project), (planned.Action, planned.Project));
        Assert.Equal(new Uri("http://127.0.0.1:8888"), planned.EndpointOf(planned.Plan.Targets[0]).Address);
        Assert.Equal("http://127.0.0.1:8888/", planned.EndpointOf(planned.Plan.Targets[0]).ToString());
    }

    [Fact]
    public void EndpointsWithTheSameSettingsAreEqualAndNeverShowTheToken()
    {
        var a = NodeEndpoint.Create(new Uri("http://127.0.0.1:1"), "s3cret");
        var b = NodeEndpoint.Create(new Uri("http://127.0.0.1:1"), "s3cret");
        var c = NodeEndpoint.Create(new Uri("http://127.0.0.1:1"), "other");

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.DoesNotContain("s3cret", a.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(typeof(NodeEndpoint).GetProperties(), p => p.PropertyType == typeof(string) || p.PropertyType == typeof(DatacenterSpec));
    }
}
