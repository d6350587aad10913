using Microsoft.Data.Sqlite;
using Overlord.Emulators;
using Overlord.Service.Jobs;

namespace Overlord.Service.Tests.Jobs;

/// <summary>What a node does at start with the jobs a previous run left unfinished (in-process; the crash test kills a real one).</summary>
public sealed class JobRecoveryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("overlord-recovery-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task InterruptedJobsAreReconciledRequeuedOrFailedAndAStaleLockStallsOnlyItsProject()
    {
        var database = Path.Combine(_dir, "jobs.db");
        var emulator = EmulatedHost.Create();
        var makejail = Path.Combine(emulator.Root, "Makejail");
        File.WriteAllLines(makejail, ["OPTION start"]);
        var file = $"services:\n  app:\n    makejail: '{makejail}'\n";
        // "stuck": Director was killed with the node and left its lock (stale); "deployed": Director finished alone.
        emulator.AddProject("stuck").State("unfinished").Locked();
        emulator.AddJail("deployed-app").Running();
        emulator.AddProject("deployed").State("done").Service("app", "deployed-app");
        long stuck, stuckNext, deployed, notStarted, queued;
        using (var store = new JobStore(database))
        {
            JobRequest Up() => new(file, new Dictionary<string, string>(), false, new Dictionary<string, string?>(), false);
            stuck = store.Enqueue(JobKinds.Create, "stuck", Up(), "h");
            store.Start(stuck);
            store.AddStep(stuck, JobSteps.DirectorStarted);
            stuckNext = store.Enqueue(JobKinds.Create, "stuck", Up(), "h");
            deployed = store.Enqueue(JobKinds.Create, "deployed", Up(), "h");
            store.Start(deployed);
            store.AddStep(deployed, JobSteps.DirectorStarted);
            notStarted = store.Enqueue(JobKinds.Create, "fresh", Up(), "h");
            store.Start(notStarted);
            queued = store.Enqueue(JobKinds.Create, "free", Up(), "h");
        }
        SqliteConnection.ClearAllPools();

        // execution_time bounds the wait on the stale lock (counted from acceptance); it must leave the free project,
        // run by the JIT-compiled emulator on a loaded 2-core machine, ample time to finish first.
        await using var host = await JobHost.StartAsync(executionTime: 12, database: database, emulator: emulator);
        var free = await host.WaitAsync(queued);
        var fresh = await host.WaitAsync(notStarted);
        var reconciled = await host.WaitAsync(deployed);
        var interrupted = await host.WaitAsync(stuck);
        var behind = await host.WaitAsync(stuckNext);

        Assert.Equal(JobStatuses.Completed, free.Status);
        // The interrupted job is failed by reconciliation at start, before any work; the job queued behind it is the one
        // that waits on the stale lock until execution_time, and it must not delay another project.
        Assert.True(free.Finished < behind.Finished, $"a project with a stale lock held up another project: free {free.Started:O}..{free.Finished:O}, behind {behind.Started:O}..{behind.Finished:O}, interrupted {interrupted.Finished:O}");
        Assert.Equal(JobStatuses.Completed, fresh.Status);
        Assert.Equal([JobStatuses.Queued, JobStatuses.Running, JobStatuses.Queued, JobStatuses.Running, JobStatuses.Completed], fresh.History.Select(h => h.Status));
        Assert.Single(fresh.Steps, s => s.Step == JobSteps.DirectorStarted);
        Assert.Equal((JobStatuses.Completed, "reconciled after restart"), (reconciled.Status, reconciled.History[^1].Note));
        Assert.DoesNotContain(host.DirectorCalls("deployed"), e => e.Argv[0] == "up");
        Assert.Equal((JobStatuses.Failed, "interrupted by a node restart"), (interrupted.Status, interrupted.Message));
        Assert.Equal("reconciled after restart: project UNFINISHED", interrupted.History[^1].Note);
        Assert.Equal(JobStatuses.Failed, behind.Status);
        Assert.StartsWith("project 'stuck' stayed UNFINISHED and locked", behind.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(host.DirectorCalls("stuck"), e => e.Argv[0] == "up");
    }
}
