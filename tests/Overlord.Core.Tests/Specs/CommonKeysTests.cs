using Overlord.Core.Chains;
using Overlord.Core.Specs;
using static Overlord.Core.Tests.SpecAssert;

namespace Overlord.Core.Tests.Specs;

public sealed class CommonKeysTests
{
    [Fact]
    public void DefaultsFollowUpstream()
    {
        var spec = Valid<ReadOnlySpec>("""
            kind: readOnly
            datacenters:
              main:
                entrypoint: http://127.0.0.1:8888
              backup: ~
            deployIn:
              exclude: [db]
            """);
        Assert.Equal([new Entrypoint("main", ChainPath.Root), new Entrypoint("backup", ChainPath.Root)], spec.DeployIn.Entrypoints);
        Assert.Equal(["all"], spec.DeployIn.Labels);
        Assert.Equal(["db"], spec.DeployIn.Exclude);
        Assert.Equal(0, spec.MaximumDeployments);
        var main = spec.Datacenters["main"];
        Assert.Equal((0L, 120L, 120L, 10L, 60L), (main.Timeout, main.ReadTimeout, main.WriteTimeout, main.ConnectTimeout, main.PoolTimeout));
        Assert.Equal((1000L, 1024L, 60L), (main.MaxKeepaliveConnections, main.MaxConnections, main.KeepaliveExpiry));
        Assert.Null(spec.Datacenters["backup"].Entrypoint);
    }

    [Fact]
    public void EveryDatacenterKeyIsRead()
    {
        var spec = Valid<ReadOnlySpec>("""
            kind: readOnly
            datacenters:
              main:
                entrypoint: https://n1:9331
                access_token: t
                timeout: -1
                read_timeout: 5
                write_timeout: 6
                connect_timeout: 7
                pool_timeout: 8
                max_keepalive_connections: 9
                max_connections: 10
                keepalive_expiry: 11
                cacert: /etc/ca.pem
            deployIn:
              entrypoints: [main.alpha.charlie]
              labels: [web, db.primary, edge-a1]
            maximumDeployments: 3
            """);
        var dc = spec.Datacenters["main"];
        Assert.Equal(("https://n1:9331", "t", "/etc/ca.pem"), (dc.Entrypoint, dc.AccessToken, dc.CaCert));
        Assert.Equal((-1L, 5L, 6L, 7L, 8L, 9L, 10L, 11L), (dc.Timeout, dc.ReadTimeout, dc.WriteTimeout, dc.ConnectTimeout, dc.PoolTimeout, dc.MaxKeepaliveConnections, dc.MaxConnections, dc.KeepaliveExpiry));
        var entry = Assert.Single(spec.DeployIn.Entrypoints);
        Assert.Equal("main", entry.Datacenter);
        Assert.Equal(["alpha", "charlie"], entry.Chain.Hops);
        Assert.Equal(3, spec.MaximumDeployments);
    }

    [Fact]
    public void RootMustBeAMap() => Error("- kind: readOnly\n", 1, 1, "", "a spec must be a map");

    [Fact]
    public void KindIsRequired() => Error(Header, 1, 1, "kind", "the required key 'kind' is missing");

    [Fact]
    public void UnknownKindListsTheKnownOnes() => Error("kind: director\n" + Header, 1, 7, "kind", "'director' is not one of: directorProject, metadata, vmJail, appConfig, readOnly");

    [Fact]
    public void DatacentersAreRequired() => Error("kind: readOnly\ndeployIn:\n  labels: [all]\n", 1, 1, "datacenters", "the required key 'datacenters' is missing");

    [Fact]
    public void DeployInIsRequired() => Error("kind: readOnly\ndatacenters: {}\n", 1, 1, "deployIn", "the required key 'deployIn' is missing");

    [Fact]
    public void DeployInMustNotBeEmpty() => Error("kind: readOnly\ndatacenters: {}\ndeployIn: {}\n", 3, 11, "deployIn", "must not be empty");

    [Fact]
    public void DeployInRejectsUnknownKeysWithASuggestion() =>
        Error("kind: readOnly\ndatacenters: {}\ndeployIn:\n  label: [all]\n", 4, 3, "deployIn.label", "did you mean 'labels'?");

    [Fact]
    public void DatacenterRejectsUnknownKeys() =>
        Error("kind: readOnly\ndatacenters:\n  main:\n    entrypiont: x\ndeployIn:\n  labels: [all]\n", 4, 5, "datacenters.main.entrypiont", "did you mean 'entrypoint'?");

    [Fact]
    public void DatacenterTimeoutMustBeAnInteger() =>
        Error("kind: readOnly\ndatacenters:\n  main:\n    timeout: soon\ndeployIn:\n  labels: [all]\n", 4, 14, "datacenters.main.timeout", "expected an integer, got a string ('soon')");

    [Fact]
    public void DatacenterMustBeAMap() =>
        Error("kind: readOnly\ndatacenters:\n  main: http://x\ndeployIn:\n  labels: [all]\n", 3, 9, "datacenters.main", "expected a map");

    [Fact]
    public void EntrypointMustNameADatacenter() =>
        Error("kind: readOnly\n" + Header + "\n  entrypoints: [mian]\n", 8, 17, "deployIn.entrypoints[0]", "'mian' is not a datacenter of this spec (defined: main)");

    [Fact]
    public void EntrypointHopsFollowTheChainRule() =>
        Error("kind: readOnly\n" + Header + "\n  entrypoints: [main..alpha]\n", 8, 17, "deployIn.entrypoints[0]", "empty hop");

    [Fact]
    public void EntrypointsMustNotBeEmpty() =>
        Error("kind: readOnly\n" + Header + "\n  entrypoints: []\n", 8, 16, "deployIn.entrypoints", "must not be an empty list");

    [Fact]
    public void LabelsFollowTheLabelRule() =>
        Error("kind: readOnly\ndatacenters: {}\ndeployIn:\n  labels: [web, Web_1]\n", 4, 17, "deployIn.labels[1]", "'Web_1' is not valid: labels are lower-case");

    [Fact]
    public void ExplicitEmptyExcludeIsAnError() =>
        Error("kind: readOnly\ndatacenters: {}\ndeployIn:\n  exclude: []\n", 4, 12, "deployIn.exclude", "must not be an empty list");

    [Fact]
    public void LabelMustBeAString() =>
        Error("kind: readOnly\ndatacenters: {}\ndeployIn:\n  labels: [web, 12]\n", 4, 17, "deployIn.labels[1]", "expected a string, got an integer (12); quote it if you mean the text: '12'");

    [Fact]
    public void MaximumDeploymentsIsNotNegative() =>
        Error("kind: readOnly\n" + Header + "\nmaximumDeployments: -1\n", 8, 21, "maximumDeployments", "must be 0 or more, got -1");

    [Fact]
    public void BooleanIsNotAnInteger() =>
        Error("kind: readOnly\n" + Header + "\nmaximumDeployments: yes\n", 8, 21, "maximumDeployments", "expected an integer, got a boolean (yes)");

    [Fact]
    public void ReadOnlyAllowsAnyOtherKey() => Valid<ReadOnlySpec>("kind: readOnly\n" + Header + "\nprojectName: x\nwhatever: [1, 2]\n");

    [Fact]
    public void EveryProblemIsReportedAtOnceInDocumentOrder()
    {
        var result = Load("""
            kind: directorProject
            datacenters:
              main:
                timeout: x
            deployIn:
              labels: [Bad]
              exclude: []
            maximumDeployments: -5
            projectNam: web
            """);
        Assert.False(result.IsValid);
        Assert.Equal(
            [(1, 1, "projectFile"), (1, 1, "projectName"), (4, 14, "datacenters.main.timeout"), (6, 12, "deployIn.labels[0]"), (7, 12, "deployIn.exclude"), (8, 21, "maximumDeployments"), (9, 1, "projectNam")],
            result.Errors.Select(e => (e.Line, e.Column, e.KeyPath)));
        Assert.Equal("directorProject", result.Kind);
        Assert.All(result.Errors, e => Assert.Equal("spec.yml", e.File));
        Assert.Equal("spec.yml:9:1: projectNam: unknown key 'projectNam'; did you mean 'projectName'?", result.Errors[^1].ToString());
    }

    [Fact]
    public void EnvironmentVariablesAndSpecLocationExpand()
    {
        var spec = Valid<ReadOnlySpec>("""
            kind: readOnly
            datacenters:
              main:
                entrypoint: !ENV 'http://${NODE}:8888'
                cacert: ${OVERLORD_WRKDIR}/ca.pem
            deployIn:
              labels: [all]
            """, env: n => n == "NODE" ? "10.1.1.1" : null);
        Assert.Equal("http://10.1.1.1:8888", spec.Datacenters["main"].Entrypoint);
        Assert.Equal(Path.Combine(Path.GetDirectoryName(Path.GetFullPath("spec.yml"))!, "ca.pem"), spec.Datacenters["main"].CaCert);
    }
}
