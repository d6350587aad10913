using Overlord.Core.Placement;
using Overlord.Core.Specs;

namespace Overlord.Core.Tests.Placement;

public sealed class AppConfigRendererTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AppConfigSpec Spec(string appConfig = "appConfig: {port: \"8080\", tls: \"yes\"}") => (AppConfigSpec)PlacementSpecs.Load($"""
        kind: appConfig
        datacenters:
          main:
            entrypoint: http://127.0.0.1:8888
            access_token: token
        deployIn:
          labels: [web]
          exclude: [bravo]
        maximumDeployments: 3
        appName: shop
        appFrom: templates.shop
        {appConfig}
        """);

    private const string Template = """
        kind: directorProject
        datacenters:
          elsewhere: {entrypoint: "http://10.9.9.9:1"}
        deployIn:
          labels: [nowhere]
        maximumDeployments: 99
        projectName: {{ appName }}
        projectFile: /srv/{{ appName }}/appjail-director.yml
        environment:
          PORT: "{{ port }}"
        {% if tls == "yes" %}
          TLS: "on"
        {% endif %}
        datacentersEnvironment:
          main: {REGION: eu}
        """;

    [Fact]
    public void TheTemplateIsRenderedAndKeepsTheAppConfigsPlacement()
    {
        var spec = Spec();

        var result = new AppConfigRenderer().Load(spec, Template);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var project = Assert.IsType<DirectorProjectSpec>(result.Spec);
        Assert.Equal("shop", project.ProjectName);
        Assert.Equal("/srv/shop/appjail-director.yml", project.ProjectFile);
        Assert.Equal("8080", project.Environment["PORT"]);
        Assert.Equal("on", project.Environment["TLS"]);
        Assert.Equal(["main"], project.Datacenters.Keys);
        Assert.Equal("http://127.0.0.1:8888", project.Datacenters["main"].Entrypoint);
        Assert.Equal(["web"], project.DeployIn.Labels);
        Assert.Equal(["bravo"], project.DeployIn.Exclude);
        Assert.Equal(3, project.MaximumDeployments);
        Assert.Contains("projectName: shop", result.Rendered);
    }

    [Fact]
    public void AVmJailTemplateIsAccepted()
    {
        var result = new AppConfigRenderer().Load(Spec(), """
            kind: vmJail
            vmName: {{ appName }}
            makejail: /x
            template: {loader: bhyveload}
            diskLayout:
              driver: nvme
              size: 10G
              from: {type: iso, isoFile: /a.iso}
            """);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.IsType<VmJailSpec>(result.Spec);
    }

    [Theory]
    [InlineData("metadata")]
    [InlineData("appConfig")]
    [InlineData("readOnly")]
    public void OtherKindsAreRefused(string kind)
    {
        var e = Assert.Throws<DeploymentRefusedException>(() => new AppConfigRenderer().Load(Spec(), $"kind: {kind}\nmetadata: {{a: b}}\nappName: x\nappFrom: y\n"));

        Assert.Equal("AppConfigInvalidKind", e.ErrorId);
        Assert.Equal(70, e.ExitCode);
        Assert.Contains($"kind {kind}", e.Message);
    }

    [Fact]
    public void ATemplateSyntaxErrorNamesTheMetadataKey()
    {
        var result = new AppConfigRenderer().Load(Spec(), "kind: directorProject\nprojectName: {% if %}\n");

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal("templates.shop", error.File);
        Assert.Equal(2, error.Line);
        Assert.StartsWith("template: ", error.Message);
    }

    [Fact]
    public void AnUndefinedVariableIsAnError()
    {
        var result = new AppConfigRenderer().Load(Spec(), "kind: directorProject\nprojectName: {{ nope }}\n");

        Assert.Null(result.Spec);
        Assert.Contains("nope", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void SpecErrorsPointIntoTheRenderedText()
    {
        var result = new AppConfigRenderer().Load(Spec(), "kind: directorProject\n{% comment %}\nline\n{% endcomment %}\nprojectName: {{ appName }}\nprojectFile: x\nenvironment: {{ port }}\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal("templates.shop", error.File);
        Assert.Equal("environment", error.KeyPath);
        // Line 5 of the rendered text (the comment block renders to one blank line... counted in the output).
        Assert.Equal(result.Rendered!.Split('\n').ToList().FindIndex(l => l.StartsWith("environment", StringComparison.Ordinal)) + 1, error.Line);
    }

    [Theory]
    [InlineData("{% include 'x' %}")]
    [InlineData("{% include '/etc/passwd' %}")]
    [InlineData("{% render 'x' %}")]
    public void IncludesCannotReachTheFileSystem(string tag)
    {
        var result = new AppConfigRenderer().Load(Spec(), $"kind: directorProject\n{tag}\nprojectName: x\nprojectFile: x\n");

        Assert.Null(result.Spec);
        Assert.NotEmpty(result.Errors);
        Assert.DoesNotContain(result.Errors, e => e.Message.Contains("root:", StringComparison.Ordinal));
        Assert.Contains("not supported", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void DotNetMembersAreNotReachable()
    {
        var variables = new Dictionary<string, string> { ["appName"] = "shop" };

        var (member, memberErrors) = AppConfigRenderer.Render("{{ appName.GetType }}", variables, "t");
        var (filter, filterErrors) = AppConfigRenderer.Render("{{ appName | size }}", variables, "t");

        Assert.Null(member);
        Assert.NotEmpty(memberErrors);
        Assert.Empty(filterErrors);
        Assert.Equal("4", filter);
    }

    [Fact]
    public async Task TheTemplateComesFromTheFirstTargetThatHasIt()
    {
        var tree = FakeClients.Transcripts();
        tree.Bravo.Metadata["templates.shop"] = Template;
        var clients = new FakeClients().Add("main", tree.Main);
        var spec = Spec();
        var plan = await new DeploymentPlanner(clients).PlanAsync(spec with { DeployIn = spec.DeployIn with { Exclude = [] } }, PlanPurpose.Apply, Ct);

        var result = await new AppConfigRenderer().RenderAsync(spec, plan, clients, Ct);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal("main.alpha.bravo", result.Source!.Address);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal("main.alpha", skipped.Target.Address);
        Assert.Contains("404", skipped.Reason);
    }

    [Fact]
    public async Task NoTargetWithTheTemplateIsAnError()
    {
        var clients = new FakeClients().Add("main", FakeClients.Transcripts().Main);
        var spec = Spec();
        var plan = await new DeploymentPlanner(clients).PlanAsync(spec, PlanPurpose.Apply, Ct);

        var result = await new AppConfigRenderer().RenderAsync(spec, plan, clients, Ct);

        Assert.False(result.IsValid);
        Assert.Equal("appFrom", Assert.Single(result.Errors).KeyPath);
    }
}
