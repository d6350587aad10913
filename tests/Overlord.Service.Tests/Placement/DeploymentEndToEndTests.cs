using Overlord.Core.Api;
using Overlord.Core.Placement;
using Overlord.Core.Specs;
using Overlord.Emulators;
using Overlord.Service.Tests.Support;

namespace Overlord.Service.Tests.Placement;

/// <summary>
/// A directorProject spec from plan to running jails: the planner and executor (Core, as the cmdlets use them) against
/// the five real nodes, each on its own emulated host; what each host's Director received is read from its journal.
/// </summary>
public sealed class DeploymentEndToEndTests : IAsyncLifetime
{
    private static readonly string[] Names = ["main", "alpha", "bravo", "charlie", "delta"];

    private readonly Dictionary<string, EmulatedHost> _hosts = Names.ToDictionary(n => n, _ => EmulatedHost.Create());
    private readonly string _work = Directory.CreateTempSubdirectory("overlord-deploy-").FullName;
    private readonly DatacenterClientFactory _clients = new();
    private NodeTree _tree = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _tree = await NodeTree.StartAsync(Ct, spec => spec with { ExtraYaml = _hosts[spec.Name].NodeConfigYaml() });
        File.WriteAllText(Path.Combine(_work, "Makejail"), "OPTION start\nOPTION overwrite=force\n");
        File.WriteAllText(Path.Combine(_work, "director.yml"), $"services:\n  app:\n    makejail: '{Path.Combine(_work, "Makejail")}'\n");
    }

    public async ValueTask DisposeAsync()
    {
        _clients.Dispose();
        await _tree.DisposeAsync();
        foreach (var host in _hosts.Values)
        {
            host.Dispose();
        }
        Directory.Delete(_work, recursive: true);
    }

    private DirectorProjectSpec Spec(string deployIn, string extra = "")
    {
        var path = Path.Combine(_work, $"spec-{Guid.NewGuid():N}.yml");
        File.WriteAllText(path, $"""
            kind: directorProject
            datacenters:
              main:
                entrypoint: "{_tree.Main.BaseAddress.GetLeftPart(UriPartial.Authority)}"
                access_token: "{_tree.Main.Token}"
            deployIn:
              {deployIn}
            projectName: shop
            projectFile: director.yml
            environment:
              OVERLORD_T_BASE: base
              OVERLORD_T_ORDER: environment
            labelsEnvironment:
              web:
                OVERLORD_T_ORDER: label
            chainsEnvironment:
              alpha.bravo:
                OVERLORD_T_ORDER: chain
            {extra}
            """);
        var result = SpecLoader.LoadFile(path, new SpecLoaderOptions { Environment = _ => null });
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return (DirectorProjectSpec)result.Spec!;
    }

    private async Task<DeploymentPlan> PlanAsync(Spec spec, PlanPurpose purpose) => await new DeploymentPlanner(_clients).PlanAsync(spec, purpose, Ct);

    private async Task<JobReply> WaitAsync(DeploymentResult result)
    {
        var api = _tree.Main.Api();
        for (var i = 0; i < 600; i++)
        {
            var job = result.Target.Chain is { } chain
                ? await api.GetChainJobAsync(chain, result.JobId!.Value, Ct)
                : await api.GetJobAsync(result.JobId!.Value, Ct);
            if (job.Terminal)
            {
                return job;
            }
            await Task.Delay(100, Ct);
        }
        throw new TimeoutException($"job {result.JobId} on {result.Target} did not end");
    }

    private IReadOnlyList<JournalEntry> Ups(string node) =>
        [.. _hosts[node].ReadJournal().Where(e => e.Tool == "appjail-director" && !e.Nested && e.Argv.FirstOrDefault() == "up")];

    [Fact]
    public async Task ASpecLandsOnlyOnNodesWithItsLabelsWithTheirOwnEnvironment()
    {
        var spec = Spec("labels: [web]");
        var executor = new DeploymentExecutor(_clients);

        var results = await executor.ApplyAsync(spec, await PlanAsync(spec, PlanPurpose.Apply), restart: false, Ct);

        Assert.Equal(["main.alpha", "main.alpha.bravo"], results.Select(r => r.Target.Address));
        Assert.All(results, r => Assert.True(r.Accepted, r.Error ?? r.SkipReason));
        foreach (var result in results)
        {
            Assert.Equal("COMPLETED", (await WaitAsync(result)).Status);
        }
        Assert.Empty(Ups("main"));
        Assert.Empty(Ups("charlie"));
        Assert.Empty(Ups("delta"));
        // Precedence as upstream: environment < labelsEnvironment < chainsEnvironment.
        Assert.Equal(("base", "label"), (Ups("alpha").Single().Env["OVERLORD_T_BASE"], Ups("alpha").Single().Env["OVERLORD_T_ORDER"]));
        Assert.Equal("chain", Ups("bravo").Single().Env["OVERLORD_T_ORDER"]);
        Assert.Contains("shop", await PollProjectsAsync("alpha.bravo"));

        // The same spec again changes nothing.
        var again = await executor.ApplyAsync(spec, await PlanAsync(spec, PlanPurpose.Apply), restart: false, Ct);
        foreach (var result in again)
        {
            Assert.Equal("NOOP", (await WaitAsync(result)).Status);
        }
        Assert.Single(Ups("alpha"));

        // Destroy runs `down -d` where the project is, and the project is gone.
        var destroyed = await executor.DestroyAsync(spec, await PlanAsync(spec, PlanPurpose.Destroy), force: false, Ct);
        foreach (var result in destroyed)
        {
            Assert.Equal("COMPLETED", (await WaitAsync(result)).Status);
        }
        Assert.Contains(_hosts["bravo"].ReadJournal(), e => e.Tool == "appjail-director" && e.Argv.SequenceEqual(["down", "-j", "-d", "--ignore-failed", "-p", "shop"]));
        Assert.False(Directory.Exists(Path.Combine(_hosts["bravo"].DirectorProjectsDirectory, "shop")));
    }

    /// <summary>Runs bravo's pollers once, then reads its project list through the chain.</summary>
    private async Task<IReadOnlyList<string>> PollProjectsAsync(string chain)
    {
        await _tree.Bravo.Service<Overlord.Service.Jails.Polling.JailPollers>().PollAllOnceAsync(Ct);
        return (await _tree.Main.Api().GetChainProjectsAsync(chain, Ct)).Projects;
    }

    [Fact]
    public async Task ExcludeAndMaximumDeploymentsLimitWhereItLands()
    {
        var spec = Spec("labels: [all]\n  exclude: [alpha, delta]", "maximumDeployments: 2");
        var executor = new DeploymentExecutor(_clients);

        var results = await executor.ApplyAsync(spec, await PlanAsync(spec, PlanPurpose.Apply), restart: false, Ct);

        // Targets in upstream's depth-first order, minus the excluded ones; the third is over the maximum.
        Assert.Equal(["main", "main.alpha.bravo", "main.alpha.charlie"], results.Select(r => r.Target.Address));
        Assert.Equal([true, true, false], results.Select(r => r.Accepted));
        Assert.Contains("maximumDeployments", results[2].SkipReason);
        Assert.Empty(Ups("alpha"));
        Assert.Empty(Ups("delta"));
    }

    [Fact]
    public async Task AnAppConfigTemplateStoredOnANodeRendersAndDeploys()
    {
        // The template lives in bravo's metadata (written through the chain); alpha has none, so alpha is skipped.
        var template = $$$"""
            kind: directorProject
            datacenters: {}
            deployIn: {labels: [all]}
            projectName: {{ appName }}
            projectFile: '{{{Path.Combine(_work, "director.yml")}}}'
            environment:
              OVERLORD_T_PORT: "{{ port }}"
            {% if tls == "yes" %}
              OVERLORD_T_TLS: "on"
            {% endif %}
            """;
        await _tree.Main.Api().CreateChainMetadataAsync("alpha.bravo", "shop.template", new MetadataWriteRequest(template), Ct);
        var path = Path.Combine(_work, "app.yml");
        File.WriteAllText(path, $"""
            kind: appConfig
            datacenters:
              main:
                entrypoint: "{_tree.Main.BaseAddress.GetLeftPart(UriPartial.Authority)}"
                access_token: "{_tree.Main.Token}"
            deployIn:
              labels: [web]
            appName: shopapp
            appFrom: shop.template
            appConfig:
              port: "8080"
              tls: "yes"
            """);
        var appSpec = (AppConfigSpec)SpecLoader.LoadFile(path, new SpecLoaderOptions { Environment = _ => null }).Spec!;

        var rendered = await new AppConfigRenderer().RenderAsync(appSpec, await PlanAsync(appSpec, PlanPurpose.Apply), _clients, Ct);

        Assert.True(rendered.IsValid, string.Join("\n", rendered.Errors));
        Assert.Equal("main.alpha.bravo", rendered.Source!.Address);
        var spec = Assert.IsType<DirectorProjectSpec>(rendered.Spec);
        Assert.Equal("shopapp", spec.ProjectName);
        // The appConfig's placement replaces the template's: only the web nodes.
        var results = await new DeploymentExecutor(_clients).ApplyAsync(spec, await PlanAsync(spec, PlanPurpose.Apply), restart: false, Ct);
        Assert.Equal(["main.alpha", "main.alpha.bravo"], results.Select(r => r.Target.Address));
        foreach (var result in results)
        {
            Assert.Equal("COMPLETED", (await WaitAsync(result)).Status);
        }
        var up = Ups("bravo").Single();
        Assert.Equal(("8080", "on"), (up.Env["OVERLORD_T_PORT"], up.Env["OVERLORD_T_TLS"]));
    }

    [Fact]
    public async Task AMetadataSpecWritesKeysAndANamespaceOnMatchingNodesAndDestroyRemovesThem()
    {
        var path = Path.Combine(_work, "meta.yml");
        File.WriteAllText(path, $"""
            kind: metadata
            datacenters:
              main:
                entrypoint: "{_tree.Main.BaseAddress.GetLeftPart(UriPartial.Authority)}"
                access_token: "{_tree.Main.Token}"
            deployIn:
              labels: [db-only]
            metadataPrefix: shop
            metadata:
              nginx.conf: "worker_processes 1;"
            namespace:
              name: shopfiles
              mapping:
                - file: "nginx.conf:etc/nginx.conf"
                  mode: 0640
                - directory: var/log
            """);
        var spec = (MetadataSpec)SpecLoader.LoadFile(path, new SpecLoaderOptions { Environment = _ => null }).Spec!;
        var executor = new DeploymentExecutor(_clients);

        var results = await executor.ApplyMetadataAsync(spec, await PlanAsync(spec, PlanPurpose.Apply), Ct);
        // Applying twice updates in place (HEAD finds the key, PUT rewrites the namespace).
        var again = await executor.ApplyMetadataAsync(spec, await PlanAsync(spec, PlanPurpose.Apply), Ct);

        var target = Assert.Single(results);
        Assert.Equal(("main.alpha.charlie.delta", 2L), (target.Target.Address, target.JobId));
        Assert.Equal(2L, Assert.Single(again).JobId);
        var api = _tree.Main.Api();
        Assert.Equal("worker_processes 1;", (await api.GetChainMetadataAsync("alpha.charlie.delta", "shop.nginx.conf", Ct)).Metadata);
        var entries = (await api.GetChainNamespaceAsync("alpha.charlie.delta", "shopfiles", Ct)).Namespace;
        var file = Assert.Single(entries, e => e.File is not null && e.File.EndsWith("etc/nginx.conf", StringComparison.Ordinal));
        Assert.Equal(Convert.ToInt32("640", 8), file.Mode & 0xFFF);
        Assert.Empty((await api.GetChainMetadataListAsync("alpha.bravo", Ct)).Metadata);

        var destroyed = await executor.DestroyMetadataAsync(spec, await PlanAsync(spec, PlanPurpose.Destroy), Ct);

        Assert.Equal(2L, Assert.Single(destroyed).JobId);
        Assert.Empty((await api.GetChainMetadataListAsync("alpha.charlie.delta", Ct)).Metadata);
        Assert.Empty((await api.GetChainNamespaceListAsync("alpha.charlie.delta", Ct)).Namespaces);
    }
}
