using System.Management.Automation;
using System.Text.Json.Nodes;
using Overlord.Core.Api;
using Overlord.PowerShell.Cmdlets;
using Overlord.PowerShell.Objects;
using Overlord.PowerShell.Tests.Support;

namespace Overlord.PowerShell.Tests;

/// <summary>
/// New-/Remove-/Stop-/Wait-OverlordDeployment against a scripted node that records every request: binding and
/// parameter sets, -WhatIf, per-target errors, pipelines by property name, the Wait timeout and Ctrl+C.
/// </summary>
/// <remarks>No test here connects: the connection is process-wide and other tests expect none.</remarks>
public sealed class DeploymentCmdletTests : IAsyncLifetime
{
    private readonly OverlordSession _session = new();
    private readonly TempDirectory _dir = new();
    private RecordingNode _node = null!;

    public async ValueTask InitializeAsync()
    {
        _node = await RecordingNode.StartAsync();
        _dir.Write("director.yml", "services:\n  app:\n    makejail: Makejail\n");
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        _session.Dispose();
        _dir.Dispose();
    }

    private string Spec(string labels = "[web]", string name = "web.yml", string extra = "") => _dir.Write(name, $"""
        kind: directorProject
        datacenters:
          main:
            entrypoint: '{_node.Address.GetLeftPart(UriPartial.Authority)}'
            access_token: 'the-token'
        deployIn:
          labels: {labels}
        projectName: web
        projectFile: director.yml
        {extra}
        """);

    private SessionResult Run(string script, string spec) => _session.Run("param($spec) " + script, new Dictionary<string, object> { ["spec"] = spec });

    [Theory]
    [InlineData("New-OverlordDeployment", "LiteralPath,Path")]
    [InlineData("Remove-OverlordDeployment", "InputObject,LiteralPath,Path,Project")]
    [InlineData("Stop-OverlordDeployment", "InputObject,LiteralPath,Path,Project")]
    [InlineData("Wait-OverlordDeployment", "InputObject,Job")]
    public void ParameterSets(string command, string sets)
    {
        var run = _session.Run($"(Get-Command {command}).ParameterSets.Name | Sort-Object");

        Assert.Equal(sets.Split(','), run.Output.Select(o => (string)o.BaseObject));
    }

    [Theory]
    [InlineData("New-OverlordDeployment -Path $spec -WhatIf")]
    [InlineData("Remove-OverlordDeployment -Path $spec -WhatIf")]
    [InlineData("Stop-OverlordDeployment -LiteralPath $spec -WhatIf")]
    public void WhatIfReadsTheTreeButChangesNothing(string command)
    {
        var run = Run(command + " 3>&1", Spec());

        Assert.Empty(run.Errors);
        Assert.Contains("GET /v1/chains/tree", _node.Requests);
        Assert.Empty(_node.Posts);
        // The unreachable branch is a warning under -WhatIf, not an error.
        var warning = Assert.IsType<WarningRecord>(Assert.Single(run.Output).BaseObject);
        Assert.Contains("main.broken", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EachTargetGetsAnObjectAndAFailedTargetAlsoAnErrorWithoutStoppingTheOthers()
    {
        _node.FailingChains.Add("alpha");

        var run = Run("New-OverlordDeployment -Path $spec -Restart", Spec());

        var results = run.Objects<OverlordDeployment>();
        Assert.Equal(["main.alpha", "main.alpha.bravo"], results.Select(r => r.Address));
        Assert.Equal(("Failed", (long?)null), (results[0].Status, results[0].JobId));
        Assert.Contains("boom on 'alpha'", results[0].Message, StringComparison.Ordinal);
        Assert.Equal(("Accepted", "up", "alpha.bravo", "main", "web", "directorProject"), (results[1].Status, results[1].Action, results[1].Chain, results[1].Datacenter, results[1].Project, results[1].Kind));
        Assert.NotNull(results[1].JobId);
        Assert.Equal(_node.Address.GetLeftPart(UriPartial.Authority), results[1].Node.GetLeftPart(UriPartial.Authority));
        Assert.Equal(["POST /v1/chain/alpha/project/up/web", "POST /v1/chain/alpha.bravo/project/up/web"], _node.Posts);

        Assert.Equal(2, run.Errors.Count);
        var unreachable = run.Errors.Single(e => e.FullyQualifiedErrorId.StartsWith(ErrorIds.NodeUnreachable + ",", StringComparison.Ordinal));
        Assert.Equal((ErrorCategory.ConnectionError, (object)"main.broken"), (unreachable.CategoryInfo.Category, unreachable.TargetObject));
        var failed = run.Errors.Single(e => e.FullyQualifiedErrorId == $"{ErrorIds.DeploymentFailed},Overlord.PowerShell.Cmdlets.NewOverlordDeploymentCommand");
        Assert.Equal(ErrorCategory.ConnectionError, failed.CategoryInfo.Category);
        Assert.Same(results[0], failed.TargetObject);
    }

    [Theory]
    [InlineData("alpha.bravo", "POST /v1/chain/alpha.bravo/project/up/web")]
    [InlineData("<root>", "POST /v1/project/up/web")]
    [InlineData("", "POST /v1/project/up/web")]
    public void ChainKeepsOnlyTheListedChains(string chain, string post)
    {
        var run = _session.Run("param($spec, $chain) New-OverlordDeployment -Path $spec -Chain $chain",
            new Dictionary<string, object> { ["spec"] = Spec("[all]"), ["chain"] = chain });

        Assert.Empty(run.Errors);
        Assert.Equal([post], _node.Posts);
        Assert.Single(run.Objects<OverlordDeployment>());
    }

    [Fact]
    public void ABadChainStopsBeforeAnyCall()
    {
        var run = Run("try { New-OverlordDeployment -Path $spec -Chain 'a..b' } catch { $_ }", Spec());

        var error = Assert.IsType<ErrorRecord>(Assert.Single(run.Output).BaseObject);
        Assert.StartsWith($"{ErrorIds.InvalidChain},", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(_node.Requests);
    }

    [Fact]
    public void ReadOnlyAndUnsupportedKindsAreRefusedWithoutCalls()
    {
        var readOnly = _dir.Write("ro.yml", Specs.ReadOnly);
        var metadata = _dir.Write("meta.yml", $"""
            kind: metadata
            datacenters:
              main:
                entrypoint: '{_node.Address.GetLeftPart(UriPartial.Authority)}'
                access_token: 'the-token'
            deployIn:
              labels: [web]
            metadata:
              a: b
            """);

        var run = _session.Run("param($ro, $meta) New-OverlordDeployment -Path $ro; Stop-OverlordDeployment -Path $meta; 'after'",
            new Dictionary<string, object> { ["ro"] = readOnly, ["meta"] = metadata });

        Assert.Equal("after", Assert.Single(run.Output).BaseObject);
        Assert.Equal([$"{ErrorIds.ReadOnlySpecRefused},Overlord.PowerShell.Cmdlets.NewOverlordDeploymentCommand", $"{ErrorIds.SpecKindNotSupported},Overlord.PowerShell.Cmdlets.StopOverlordDeploymentCommand"],
            run.Errors.Select(e => e.FullyQualifiedErrorId));
        Assert.Empty(_node.Requests);
    }

    [Fact]
    public void ProjectObjectsBindByPropertyName()
    {
        var projects = new[]
        {
            new OverlordProject(_node.Address, "alpha", "web", "FAILED", null, false, [], Status: "FAILED", LastAction: "up", LastJobId: 3),
            new OverlordProject(_node.Address, "alpha.bravo", "web", "DONE", null, false, [], Status: "COMPLETED", LastAction: "up", LastJobId: 4),
        };

        var run = _session.Run("param($p) $p | Where-Object Status -eq FAILED | Remove-OverlordDeployment -Token the-token -Force -Confirm:$false",
            new Dictionary<string, object> { ["p"] = projects });

        Assert.Empty(run.Errors);
        Assert.Equal(["POST /v1/chain/alpha/project/down/web"], _node.Posts);
        var removed = Assert.Single(run.Objects<OverlordDeployment>());
        Assert.Equal(("down", "Accepted", "alpha", (string?)null), (removed.Action, removed.Status, removed.Chain, removed.Datacenter));
    }

    [Fact]
    public void ProjectObjectsWithoutATokenOrConnectionStopWithNotConnected()
    {
        var projects = new[] { new OverlordProject(_node.Address, "", "web", null, null, null, []) };

        var run = _session.Run("param($p) try { $p | Stop-OverlordDeployment } catch { $_ }", new Dictionary<string, object> { ["p"] = projects });

        var error = Assert.IsType<ErrorRecord>(Assert.Single(run.Output).BaseObject);
        Assert.StartsWith($"{ErrorIds.NotConnected},", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(_node.Posts);
    }

    [Fact]
    public void PipedFilesBindLiteralPathNotName()
    {
        var run = Run("Get-Item -LiteralPath $spec | Remove-OverlordDeployment -Confirm:$false -ErrorAction SilentlyContinue", Spec());

        Assert.Equal(["POST /v1/chain/alpha/project/down/web", "POST /v1/chain/alpha.bravo/project/down/web"], _node.Posts);
        Assert.Equal(2, run.Objects<OverlordDeployment>().Count);
    }

    [Fact]
    public void DeploymentsCarryTheirNodeToTheNextCommandWithoutShowingTheToken()
    {
        var run = Run("""
            $d = New-OverlordDeployment -Path $spec -ErrorAction SilentlyContinue
            $d | Stop-OverlordDeployment
            ($d | Format-List * | Out-String) + ($d[0].PSObject.Properties.Name -join ',') + $d[0].ToString()
            """, Spec());

        var stopped = run.Output.Take(2).Select(o => Assert.IsType<OverlordDeployment>(o.BaseObject)).ToList();
        Assert.All(stopped, s => Assert.Equal(("cancel", "Accepted"), (s.Action, s.Status)));
        Assert.Equal(["POST /v1/chain/alpha/project/cancel/web", "POST /v1/chain/alpha.bravo/project/cancel/web"], _node.Posts.Skip(2));
        var text = (string)run.Output[2].BaseObject;
        Assert.DoesNotContain("the-token", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Endpoint", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WaitWritesEachJobsFinalStatus()
    {
        _node.JobStatus = id => id % 2 == 0 ? "FAILED" : "COMPLETED";

        var run = Run("New-OverlordDeployment -Path $spec -ErrorAction SilentlyContinue | Wait-OverlordDeployment -PollInterval 0.05", Spec());

        Assert.Empty(run.Errors);
        var statuses = run.Objects<OverlordDeploymentStatus>().OrderBy(s => s.JobId).ToList();
        Assert.Equal([("main.alpha", "COMPLETED", 0, true), ("main.alpha.bravo", "FAILED", 1, false)],
            statuses.Select(s => (s.Address, s.Status, s.ReturnCode ?? -1, s.Succeeded)));
        Assert.Equal(["app"], statuses[1].FailedServices);
        Assert.Contains("GET /v1/chain/alpha.bravo/jobs/2", _node.Requests);
    }

    [Fact]
    public void JobsNotDoneByTheTimeoutAreErrorsAndTheOthersAreStillWritten()
    {
        _node.JobStatus = id => id == 2 ? "RUNNING" : "NOOP";

        var run = Run("New-OverlordDeployment -Path $spec -ErrorAction SilentlyContinue | Wait-OverlordDeployment -Timeout 1 -PollInterval 0.1", Spec());

        var done = Assert.Single(run.Objects<OverlordDeploymentStatus>());
        Assert.Equal((1L, "NOOP"), (done.JobId, done.Status));
        var timeout = Assert.Single(run.Errors, e => e.FullyQualifiedErrorId.StartsWith(ErrorIds.DeploymentTimeout + ",", StringComparison.Ordinal));
        Assert.Equal(ErrorCategory.OperationTimeout, timeout.CategoryInfo.Category);
        Assert.Equal("main.alpha.bravo", Assert.IsType<OverlordDeployment>(timeout.TargetObject).Address);
        Assert.Contains("RUNNING", timeout.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WaitByJobIdAndAnUnknownJobIsAnError()
    {
        _ = Run("New-OverlordDeployment -Path $spec -Chain alpha", Spec());

        var run = _session.Run("param($uri) Wait-OverlordDeployment -Uri $uri -Token the-token -Chain alpha -JobId 1 -PollInterval 0.05; Wait-OverlordDeployment -Uri $uri -Token the-token -JobId 99",
            new Dictionary<string, object> { ["uri"] = _node.Address });

        var status = Assert.Single(run.Objects<OverlordDeploymentStatus>());
        Assert.Equal(("alpha", 1L, "COMPLETED", (string?)null), (status.Chain, status.JobId, status.Status, status.Datacenter));
        var error = Assert.Single(run.Errors);
        Assert.Equal((ErrorIds.NodeRefused, ErrorCategory.ObjectNotFound), (error.FullyQualifiedErrorId.Split(',')[0], error.CategoryInfo.Category));
    }

    [Fact]
    public void DeploymentsWithoutAJobAreReportedByWait()
    {
        _node.FailingChains.Add("alpha");
        _node.FailingChains.Add("alpha.bravo");

        var run = Run("New-OverlordDeployment -Path $spec -ErrorAction SilentlyContinue | Wait-OverlordDeployment", Spec());

        Assert.Empty(run.Output);
        Assert.Equal(2, run.Errors.Count(e => e.FullyQualifiedErrorId.StartsWith(ErrorIds.DeploymentHasNoJob + ",", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task StoppingThePipelineStopsWaiting()
    {
        _node.JobStatus = _ => "RUNNING";
        var spec = Spec();
        using var shell = _session.Shell();
        shell.AddScript("param($spec) New-OverlordDeployment -Path $spec -ErrorAction SilentlyContinue | Wait-OverlordDeployment -PollInterval 0.05").AddParameter("spec", spec);

        var invocation = shell.BeginInvoke();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!_node.Requests.Any(r => r.Contains("/jobs/", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        Assert.Contains(_node.Requests, r => r.Contains("/jobs/", StringComparison.Ordinal));
        await Task.Factory.FromAsync(shell.BeginStop(null, null), shell.EndStop);

        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.True(invocation.IsCompleted);
    }

    [Theory]
    [InlineData(10.0, 30.0, 7L, 8L, "COMPLETED", "up", 7L)]
    [InlineData(30.0, 10.0, 7L, 8L, "FAILED", "down", 8L)]
    [InlineData(5.0, 5.0, 7L, 8L, "FAILED", "down", 8L)]
    public void ProjectStatusIsTheNewerOfUpAndDown(double upAge, double downAge, long upJob, long downJob, string status, string action, long job)
    {
        var info = new ProjectInfo("web", "DONE", null, false, [],
            new JsonObject { ["operation"] = "COMPLETED", ["last_update"] = upAge, ["job_id"] = upJob },
            new JsonObject { ["operation"] = "FAILED", ["last_update"] = downAge, ["job_id"] = downJob });

        Assert.Equal((status, action, job), GetOverlordProjectCommand.LastJob(info));
        Assert.Equal(((string?)null, (string?)null, (long?)null), GetOverlordProjectCommand.LastJob(info with { Up = null, Down = null }));
    }
}
