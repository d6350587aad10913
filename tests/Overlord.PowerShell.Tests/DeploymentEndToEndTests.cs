using Overlord.Emulators;
using Overlord.PowerShell.Objects;
using Overlord.Service.Jails.Polling;
using Overlord.Service.Tests.Support;

namespace Overlord.PowerShell.Tests;

/// <summary>
/// The deployment cmdlets from spec file to jails and back: five real nodes (main → alpha → {bravo, charlie → delta}),
/// each on its own emulated host, driven only through the cmdlets; what each host's Director ran is read from its
/// journal.
/// </summary>
public sealed class DeploymentEndToEndTests : IAsyncLifetime
{
    private static readonly string[] Names = ["main", "alpha", "bravo", "charlie", "delta"];

    private readonly Dictionary<string, EmulatedHost> _hosts = Names.ToDictionary(n => n, _ => EmulatedHost.Create());
    private readonly OverlordSession _session = new();
    private readonly TempDirectory _dir = new();
    private NodeTree _tree = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _tree = await NodeTree.StartAsync(Ct, spec => spec with { ExtraYaml = _hosts[spec.Name].NodeConfigYaml() });
        var makejail = _dir.Write("Makejail", "OPTION start\nOPTION overwrite=force\n");
        _dir.Write("director.yml", $"services:\n  app:\n    makejail: '{makejail}'\n");
    }

    public async ValueTask DisposeAsync()
    {
        _session.Dispose();
        await _tree.DisposeAsync();
        foreach (var host in _hosts.Values)
        {
            host.Dispose();
        }
        _dir.Dispose();
    }

    private string Datacenters => $"""
        datacenters:
          main:
            entrypoint: "{_tree.Main.BaseAddress.GetLeftPart(UriPartial.Authority)}"
            access_token: "{_tree.Main.Token}"
        """;

    private SessionResult Run(string script, params (string Name, object Value)[] parameters) =>
        _session.Run($"param({string.Join(", ", parameters.Select(p => "$" + p.Name))}) {script}", parameters.ToDictionary(p => p.Name, p => p.Value));

    private IReadOnlyList<JournalEntry> Director(string node, string verb) =>
        [.. _hosts[node].ReadJournal().Where(e => e.Tool == "appjail-director" && !e.Nested && e.Argv.FirstOrDefault() == verb)];

    [Fact]
    public async Task ASpecIsDeployedToEveryWebNodeWaitedForAndDestroyedAgain()
    {
        var spec = _dir.Write("shop.yml", $"""
            kind: directorProject
            {Datacenters}
            deployIn:
              labels: [web]
            projectName: shop
            projectFile: director.yml
            """);

        var deployed = Run("New-OverlordDeployment -Path $spec | Wait-OverlordDeployment -Timeout 120 -PollInterval 0.1", ("spec", spec));

        Assert.Empty(deployed.Errors);
        var done = deployed.Objects<OverlordDeploymentStatus>().OrderBy(s => s.Address).ToList();
        Assert.Equal([("main.alpha", "COMPLETED", "create"), ("main.alpha.bravo", "COMPLETED", "create")], done.Select(s => (s.Address, s.Status, s.Kind)));
        Assert.All(done, s => Assert.Equal(("shop", "main", 0), (s.Project, s.Datacenter, s.ReturnCode)));
        Assert.Single(Director("alpha", "up"));
        Assert.Single(Director("bravo", "up"));
        Assert.Empty(Director("main", "up"));
        Assert.Empty(Director("charlie", "up"));
        Assert.Empty(Director("delta", "up"));

        // The node's record of the last job shows through Get-OverlordProject once its pollers ran.
        await _tree.Alpha.Service<JailPollers>().PollAllOnceAsync(Ct);
        await _tree.Bravo.Service<JailPollers>().PollAllOnceAsync(Ct);
        var projects = Run("Get-OverlordProject -Uri $uri -Token $token -Chain alpha.bravo -Name shop", ("uri", _tree.Main.BaseAddress), ("token", _tree.Main.Token));
        Assert.Empty(projects.Errors);
        var project = Assert.Single(projects.Objects<OverlordProject>());
        Assert.Equal(("COMPLETED", "up"), (project.Status, project.LastAction));

        // alpha's project goes through the project pipeline (Get-OverlordProject | Remove-OverlordDeployment), bravo's through the spec.
        var removed = Run("""
            @(Get-OverlordProject -Uri $uri -Token $token -Chain alpha | Where-Object Status -eq COMPLETED | Remove-OverlordDeployment -Token $token -Confirm:$false
              Remove-OverlordDeployment -Path $spec -Chain alpha.bravo -Confirm:$false) | Wait-OverlordDeployment -Timeout 120 -PollInterval 0.1
            """, ("uri", _tree.Main.BaseAddress), ("token", _tree.Main.Token), ("spec", spec));

        Assert.Empty(removed.Errors);
        var destroyed = removed.Objects<OverlordDeploymentStatus>().OrderBy(s => s.Chain).ToList();
        Assert.Equal([("alpha", "COMPLETED", "destroy"), ("alpha.bravo", "COMPLETED", "destroy")], destroyed.Select(s => (s.Chain, s.Status, s.Kind)));
        foreach (var node in new[] { "alpha", "bravo" })
        {
            Assert.Contains(_hosts[node].ReadJournal(), e => e.Tool == "appjail-director" && e.Argv.SequenceEqual(["down", "-j", "-d", "--ignore-failed", "-p", "shop"]));
            Assert.False(Directory.Exists(Path.Combine(_hosts[node].DirectorProjectsDirectory, "shop")));
        }
    }

    [Fact]
    public void AMetadataSpecIsWrittenAndDeletedOnItsNodes()
    {
        var spec = _dir.Write("meta.yml", $"""
            kind: metadata
            {Datacenters}
            deployIn:
              labels: [web]
            metadataPrefix: shop
            metadata:
              greeting: hello
            """);

        var written = Run("New-OverlordDeployment -Path $spec", ("spec", spec));
        var value = Run("Get-OverlordMetadata -Uri $uri -Token $token -Chain alpha.bravo -Key shop.greeting", ("uri", _tree.Main.BaseAddress), ("token", _tree.Main.Token));
        var deleted = Run("Remove-OverlordDeployment -Path $spec -Confirm:$false", ("spec", spec));
        var after = Run("Get-OverlordMetadata -Uri $uri -Token $token -Chain alpha.bravo", ("uri", _tree.Main.BaseAddress), ("token", _tree.Main.Token));

        Assert.Empty(written.Errors);
        Assert.Equal([("main.alpha", "metadata", "Written"), ("main.alpha.bravo", "metadata", "Written")],
            written.Objects<OverlordDeployment>().Select(d => (d.Address, d.Action, d.Status)));
        Assert.Equal("hello", Assert.Single(value.Objects<OverlordMetadata>()).Value);
        Assert.Empty(deleted.Errors);
        Assert.All(deleted.Objects<OverlordDeployment>(), d => Assert.Equal(("delete", "Deleted", (long?)null), (d.Action, d.Status, d.JobId)));
        Assert.DoesNotContain(after.Objects<OverlordMetadata>(), m => m.Key == "shop.greeting");
    }
}
