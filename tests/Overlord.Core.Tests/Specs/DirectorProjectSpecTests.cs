using Overlord.Core.Specs;
using static Overlord.Core.Tests.SpecAssert;

namespace Overlord.Core.Tests.Specs;

public sealed class DirectorProjectSpecTests
{
    private const string Kind = "kind: directorProject\n";
    private const string Minimal = Kind + Header + "\nprojectName: web\nprojectFile: appjail-director.yml\n";

    [Fact]
    public void MinimalProjectTakesDefaults()
    {
        var spec = Valid<DirectorProjectSpec>(Minimal);
        Assert.Equal(("web", "appjail-director.yml", (string?)null), (spec.ProjectName, spec.ProjectFile, spec.ProjectFromMetadata));
        Assert.Empty(spec.Environment);
        Assert.Empty(spec.LabelsEnvironment);
        Assert.Null(spec.AutoScale);
        Assert.Empty(spec.ReservePort);
    }

    [Fact]
    public void FullProjectIsRead()
    {
        var spec = Valid<DirectorProjectSpec>(Kind + Header + """

            projectName: web.site-1
            projectFromMetadata: web.director
            environment:
              LOG: info
              PORT: "8080"
            labelsEnvironment:
              db.primary:
                ROLE: primary
            chainsEnvironment:
              <root>:
                TIER: edge
              alpha.charlie:
                TIER: inner
            datacentersEnvironment:
              main:
                DC: main
            environFromMetadata: web.env
            reserve_port:
              jext: 10.0.0.0/24
              lo1: ~
            autoScale:
              replicas: {min: 2, max: 4}
              type: percent-project
              value: 80
              rules: {memoryuse: 512m, pcpu: 90, readbps: 1048576}
              economy: {vmemoryuse: 2G}
              labels: [web]
              metadata: [web.director]
              load-balancer:
                backend:
                  name: web
                  rules:
                    or:
                      scur: {value: 100}
                      status: {value: UP}
                      qtime: {value: [10, 20], each: 5}
                      rate: ~
            """);
        Assert.Equal(("web.site-1", "web.director"), (spec.ProjectName, spec.ProjectFromMetadata));
        Assert.Equal("8080", spec.Environment["PORT"]);
        Assert.Equal("primary", spec.LabelsEnvironment["db.primary"]["ROLE"]);
        Assert.Equal("edge", spec.ChainsEnvironment["<root>"]["TIER"]);
        Assert.Equal("inner", spec.ChainsEnvironment["alpha.charlie"]["TIER"]);
        Assert.Equal("main", spec.DatacentersEnvironment["main"]["DC"]);
        Assert.Equal("web.env", spec.EnvironFromMetadata);
        Assert.Equal("10.0.0.0/24", spec.ReservePort["jext"]);
        Assert.True(spec.ReservePort.ContainsKey("lo1"));
        Assert.Null(spec.ReservePort["lo1"]);
        var a = spec.AutoScale!;
        Assert.Equal((2L, 4L, "percent-project", 80L), (a.MinReplicas, a.MaxReplicas, a.Type, a.Value));
        Assert.Equal(536870912L, a.Rules["memoryuse"]);
        Assert.Equal(90L, a.Rules["pcpu"]);
        Assert.Equal(2147483648L, a.Economy["vmemoryuse"]);
        Assert.Equal(["web"], a.Labels);
        Assert.Null(a.Frontend);
        var or = a.Backend!.Or!;
        Assert.Equal(100L, or["scur"].Limit);
        Assert.Equal("UP", or["status"].Text);
        Assert.Equal([10L, 20L], or["qtime"].Range!);
        Assert.Equal(5L, or["qtime"].Each);
        Assert.Equal(new LoadBalancerRule(), or["rate"]);
    }

    [Fact]
    public void AutoScaleDefaults()
    {
        var a = Valid<DirectorProjectSpec>(Minimal + "autoScale:\n  labels: [web]\n").AutoScale!;
        Assert.Equal((1L, (long?)null, "any-jail"), (a.MinReplicas, a.MaxReplicas, a.Type));
        Assert.Empty(a.Rules);
        Assert.Empty(a.Metadata);
    }

    [Fact]
    public void ProjectNameIsRequired() => Error(Kind + Header + "\nprojectFile: x.yml\n", 1, 1, "projectName", "the required key 'projectName' is missing");

    [Fact]
    public void ProjectNameFollowsTheRule() => Error(Kind + Header + "\nprojectName: my project\nprojectFile: x\n", 8, 14, "projectName", "project names are letters");

    [Fact]
    public void ProjectSourceIsRequired() => Error(Kind + Header + "\nprojectName: web\n", 1, 1, "projectFile", "give either 'projectFile' or 'projectFromMetadata'; neither is set");

    [Fact]
    public void ProjectSourceIsExclusive() =>
        Error(Minimal + "projectFromMetadata: web\n", 10, 22, "projectFromMetadata", "not both");

    [Fact]
    public void ProjectFromMetadataFollowsTheMetadataRule() =>
        Error(Kind + Header + "\nprojectName: web\nprojectFromMetadata: 9web\n", 9, 22, "projectFromMetadata", "metadata names are");

    [Fact]
    public void EnvironmentValuesMustBeStrings() =>
        Error(Minimal + "environment:\n  PORT: 8080\n", 11, 9, "environment.PORT", "expected a string, got an integer (8080); quote it if you mean the text: '8080'");

    [Fact]
    public void EnvironmentNullValueIsAnError() =>
        Error(Minimal + "environment:\n  PORT:\n", 11, 8, "environment.PORT", "expected a string, got nothing (null)");

    [Fact]
    public void EnvironmentKeysMustBeStrings() =>
        Error(Minimal + "environment:\n  80: http\n", 11, 3, "environment.80", "the key must be a string");

    [Fact]
    public void EnvironmentMustBeAMap() => Error(Minimal + "environment: [A=1]\n", 10, 14, "environment", "expected a map of strings, got a list");

    [Fact]
    public void LabelsEnvironmentKeysAreLabels() =>
        Error(Minimal + "labelsEnvironment:\n  Web:\n    A: b\n", 11, 3, "labelsEnvironment.Web", "'Web' is not a valid label: labels are");

    [Fact]
    public void LabelsEnvironmentValuesAreMaps() =>
        Error(Minimal + "labelsEnvironment:\n  web: A=b\n", 11, 8, "labelsEnvironment.web", "expected a map of strings");

    [Fact]
    public void ChainsEnvironmentRejectsBadPaths() =>
        Error(Minimal + "chainsEnvironment:\n  alpha..b:\n    A: b\n", 11, 3, "chainsEnvironment.alpha..b", "empty hop");

    [Fact]
    public void DatacentersEnvironmentNamesADatacenter() =>
        Error(Minimal + "datacentersEnvironment:\n  mian:\n    A: b\n", 11, 3, "datacentersEnvironment.mian", "not a datacenter of this spec");

    [Fact]
    public void EnvironFromMetadataIsValidated() =>
        Error(Minimal + "environFromMetadata: 12\n", 10, 22, "environFromMetadata", "expected a string");

    [Fact]
    public void MisspelledEnvironmentFromMetadataIsUnknown() =>
        Error(Minimal + "environmentFromMetadata: x\n", 10, 1, "environmentFromMetadata", "unknown key 'environmentFromMetadata'; did you mean 'environFromMetadata'?");

    [Fact]
    public void ReservePortNeedsACidr() =>
        Error(Minimal + "reserve_port:\n  jext: 10.0.0.0\n", 11, 9, "reserve_port.jext", "not a network in CIDR form");

    [Fact]
    public void ReservePortIsAMap() => Error(Minimal + "reserve_port: [jext]\n", 10, 15, "reserve_port", "expected a map of interface names");

    [Fact]
    public void ReplicasMinIsPositive() => Error(Minimal + "autoScale:\n  replicas:\n    min: 0\n", 12, 10, "autoScale.replicas.min", "must be 1 or more, got 0");

    [Fact]
    public void ReplicasMaxIsNotBelowMin() => Error(Minimal + "autoScale:\n  replicas: {min: 3, max: 2}\n", 11, 27, "autoScale.replicas.max", "must not be less than replicas.min (3)");

    [Fact]
    public void ReplicasRejectUnknownKeys() => Error(Minimal + "autoScale:\n  replicas: {minimum: 3}\n", 11, 14, "autoScale.replicas.minimum", "unknown key 'minimum'; known keys: max, min.");

    [Fact]
    public void ScaleTypeIsKnown() => Error(Minimal + "autoScale:\n  type: any\n", 11, 9, "autoScale.type", "'any' is not one of: any-jail, any-project, average, percent-jail, percent-project");

    [Fact]
    public void PercentTypesNeedAValue() => Error(Minimal + "autoScale:\n  type: percent-jail\n", 11, 3, "autoScale.value", "the required key 'value' is missing");

    [Fact]
    public void UnknownResourceIsRejected() => Error(Minimal + "autoScale:\n  rules:\n    msgqsize: 1\n", 12, 5, "autoScale.rules.msgqsize", "is not a resource autoScale can measure");

    [Fact]
    public void CountResourcesTakeNoSizes() => Error(Minimal + "autoScale:\n  economy:\n    maxproc: 1k\n", 12, 14, "autoScale.economy.maxproc", "expected an integer");

    [Fact]
    public void SizesMustParse() => Error(Minimal + "autoScale:\n  rules:\n    memoryuse: lots\n", 12, 16, "autoScale.rules.memoryuse", "'lots' is not a size");

    [Fact]
    public void ResourceLimitsAreNotNegative() => Error(Minimal + "autoScale:\n  rules:\n    pcpu: -1\n", 12, 11, "autoScale.rules.pcpu", "must be 0 or more");

    [Fact]
    public void AutoScaleLabelsAreLabels() => Error(Minimal + "autoScale:\n  labels: [WEB]\n", 11, 12, "autoScale.labels[0]", "labels are lower-case");

    [Fact]
    public void AutoScaleMetadataAreMetadataNames() => Error(Minimal + "autoScale:\n  metadata: [a..b]\n", 11, 14, "autoScale.metadata[0]", "metadata names are");

    [Fact]
    public void AutoScaleRejectsUnknownKeys() => Error(Minimal + "autoScale:\n  replica: 2\n", 11, 3, "autoScale.replica", "did you mean 'replicas'?");

    [Fact]
    public void LoadBalancerNeedsAName() =>
        Error(Minimal + "autoScale:\n  load-balancer:\n    frontend:\n      rules: {or: {scur: {value: 1}}}\n", 13, 7, "autoScale.load-balancer.frontend.name", "the required key 'name' is missing");

    [Fact]
    public void LoadBalancerRulesMustNotBeEmpty() =>
        Error(Minimal + "autoScale:\n  load-balancer:\n    frontend:\n      name: web\n      rules: {}\n", 14, 14, "autoScale.load-balancer.frontend.rules", "must not be empty");

    [Fact]
    public void LoadBalancerOnlyFrontendAndBackend() =>
        Error(Minimal + "autoScale:\n  load-balancer:\n    listen:\n      name: web\n", 12, 5, "autoScale.load-balancer.listen", "unknown key 'listen'");

    [Fact]
    public void LoadBalancerRuleKindsAreOrAnd() =>
        Error(Minimal + "autoScale:\n  load-balancer:\n    backend:\n      name: web\n      rules: {xor: {}}\n", 14, 15, "autoScale.load-balancer.backend.rules.xor", "unknown key 'xor'");

    [Fact]
    public void RangeLowNotAboveHigh() =>
        Error(Minimal + "autoScale:\n  load-balancer:\n    backend:\n      name: web\n      rules:\n        and:\n          qtime: {value: [20, 10]}\n", 16, 26, "autoScale.load-balancer.backend.rules.and.qtime.value", "the low end (20) is greater than the high end (10)");

    [Fact]
    public void RangeHasTwoItems() =>
        Error(Minimal + "autoScale:\n  load-balancer:\n    backend:\n      name: web\n      rules:\n        and:\n          qtime: {value: [1, 2, 3]}\n", 16, 26, "autoScale.load-balancer.backend.rules.and.qtime.value", "got 3 items");

    [Fact]
    public void RangeEndsAreNotNegative() =>
        Error(Minimal + "autoScale:\n  load-balancer:\n    backend:\n      name: web\n      rules:\n        and:\n          qtime: {value: [-1, 2]}\n", 16, 27, "autoScale.load-balancer.backend.rules.and.qtime.value[0]", "must be 0 or more");

    [Fact]
    public void RuleValueIsRequired() =>
        Error(Minimal + "autoScale:\n  load-balancer:\n    backend:\n      name: web\n      rules:\n        and:\n          qtime: {each: 2}\n", 16, 18, "autoScale.load-balancer.backend.rules.and.qtime.value", "the required key 'value' is missing");

    [Fact]
    public void RuleEachIsAnInteger() =>
        Error(Minimal + "autoScale:\n  load-balancer:\n    backend:\n      name: web\n      rules:\n        and:\n          qtime: {value: 1, each: x}\n", 16, 35, "autoScale.load-balancer.backend.rules.and.qtime.each", "expected an integer");

    [Fact]
    public void RuleValueTypeIsChecked() =>
        Error(Minimal + "autoScale:\n  load-balancer:\n    backend:\n      name: web\n      rules:\n        and:\n          qtime: {value: {a: 1}}\n", 16, 26, "autoScale.load-balancer.backend.rules.and.qtime.value", "expected an integer, a string or a [low, high] range, got a map");

    [Theory]
    [InlineData("512m", 536870912L)]
    [InlineData("1 GB", 1073741824L)]
    [InlineData("1.5K", 1536L)]
    [InlineData("2KiB", 2048L)]
    [InlineData("100", 100L)]
    [InlineData("100 bytes", 100L)]
    [InlineData("1t", 1099511627776L)]
    public void HumanSizesUseBinaryUnits(string text, long bytes) => Assert.Equal(bytes, AutoScaleReader.ParseSize(text));

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("-1m")]
    [InlineData("1x")]
    [InlineData("99999999999e")]
    public void BadHumanSizesAreRejected(string text) => Assert.Null(AutoScaleReader.ParseSize(text));
}
