using Microsoft.Data.Sqlite;
using Overlord.Core.Api;
using Overlord.Service.Jobs;

namespace Overlord.Service.Tests.Jobs;

public sealed class JobStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("overlord-jobstore-").FullName;

    private string DbPath => Path.Combine(_dir, "sub", "jobs.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static JobRequest Up(string file = "services: {}\n") =>
        new(file, new Dictionary<string, string> { ["A"] = "1" }, true, new Dictionary<string, string?> { ["lo"] = null }, false);

    [Fact]
    public void AJobGoesThroughItsStatusesAndKeepsItsHistory()
    {
        using var store = new JobStore(DbPath);

        var id = store.Enqueue(JobKinds.Create, "wiki", Up(), "abc");
        Assert.True(store.Start(id));
        store.AddStep(id, JobSteps.DirectorStarted);
        store.SetRestarted(id);
        Assert.True(store.Finish(id, new JobOutcome(JobStatuses.Completed, new System.Text.Json.Nodes.JsonObject { ["rc"] = 0 }, Note: "done")));

        var job = store.Get(id)!;
        Assert.Equal((JobKinds.Create, "wiki", JobStatuses.Completed, "abc", true), (job.Kind, job.Project, job.Status, job.SpecHash, job.Restarted));
        Assert.Equal(0, (int)job.Output!["rc"]!);
        Assert.NotNull(job.Started);
        Assert.NotNull(job.Finished);
        Assert.Equal(("services: {}\n", true, false), (job.Request.DirectorFile, job.Request.Restart, job.Request.Force));
        Assert.Equal("1", job.Request.Environment["A"]);
        Assert.Null(job.Request.ReservePort["lo"]);
        Assert.Equal([JobStatuses.Queued, JobStatuses.Running, JobStatuses.Completed], store.History(id).Select(h => h.Status));
        Assert.Equal("done", store.History(id)[^1].Note);
        Assert.Equal([JobSteps.DirectorStarted], store.Steps(id).Select(s => s.Step));
    }

    [Fact]
    public void AJobReachesOneFinalStatusOnly()
    {
        using var store = new JobStore(DbPath);
        var id = store.Enqueue(JobKinds.Destroy, "wiki", JobRequest.Empty, null);

        Assert.True(store.Finish(id, new JobOutcome(JobStatuses.Failed, Message: "cancelled")));
        Assert.False(store.Finish(id, new JobOutcome(JobStatuses.Completed)));
        Assert.False(store.Start(id));

        Assert.Equal((JobStatuses.Failed, "cancelled"), (store.Get(id)!.Status, store.Get(id)!.Message));
        Assert.Single(store.History(id), h => JobStatuses.IsTerminal(h.Status));
        Assert.Throws<ArgumentException>(() => store.Finish(id, new JobOutcome(JobStatuses.Running)));
    }

    [Fact]
    public void EverythingSurvivesReopeningTheFile()
    {
        long running, queued;
        using (var store = new JobStore(DbPath))
        {
            running = store.Enqueue(JobKinds.Create, "a", Up(), "h1");
            queued = store.Enqueue(JobKinds.Create, "b", Up(), "h2");
            store.Start(running);
            store.AddStep(running, JobSteps.DirectorStarted);
        }
        SqliteConnection.ClearAllPools();

        using var reopened = new JobStore(DbPath);
        Assert.Equal(JobStore.SchemaVersion, reopened.Version);
        Assert.Equal([running, queued], reopened.Unfinished().Select(j => j.Id));
        Assert.Equal(JobStatuses.Running, reopened.Get(running)!.Status);
        Assert.Equal([JobSteps.DirectorStarted], reopened.Steps(running).Select(s => s.Step));
        Assert.True(reopened.Requeue(running, "again"));
        Assert.Equal([JobStatuses.Queued, JobStatuses.Running, JobStatuses.Queued], reopened.History(running).Select(h => h.Status));
        // Ids keep growing: an id the API answered is never reused.
        Assert.True(reopened.Enqueue(JobKinds.Cancel, "a", JobRequest.Empty, null) > queued);
    }

    [Fact]
    public void TheFileIsInWalModeAndVersioned()
    {
        using (var store = new JobStore(DbPath))
        {
            Assert.Equal(1, store.Version);
        }
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar() as string);
        command.CommandText = "SELECT version FROM schema_version;";
        Assert.Equal(1L, command.ExecuteScalar());
    }

    [Fact]
    public void AFileFromANewerNodeIsRefused()
    {
        using (var store = new JobStore(DbPath))
        {
        }
        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE schema_version SET version = 99;";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<InvalidOperationException>(() => new JobStore(DbPath));
        Assert.Contains("schema 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CancellingFailsOnlyQueuedLifecycleJobsOfThatProject()
    {
        using var store = new JobStore(DbPath);
        var running = store.Enqueue(JobKinds.Create, "p", Up(), "h");
        store.Start(running);
        var queued1 = store.Enqueue(JobKinds.Create, "p", Up(), "h");
        var queued2 = store.Enqueue(JobKinds.Destroy, "p", JobRequest.Empty, null);
        var other = store.Enqueue(JobKinds.Create, "q", Up(), "h");
        var cancel = store.Enqueue(JobKinds.Cancel, "p", JobRequest.Empty, null);

        Assert.Equal([queued1, queued2], store.FailQueued("p", "cancelled", $"cancelled by job {cancel}"));

        Assert.Equal(JobStatuses.Running, store.Get(running)!.Status);
        Assert.Equal(JobStatuses.Queued, store.Get(other)!.Status);
        Assert.Equal(JobStatuses.Queued, store.Get(cancel)!.Status);
        Assert.Equal(("cancelled", $"cancelled by job {cancel}"), (store.Get(queued1)!.Message, store.History(queued1)[^1].Note));
    }

    [Fact]
    public void TheLatestStartedJobOfAKindIsTheProjectRecord()
    {
        using var store = new JobStore(DbPath);
        var first = store.Enqueue(JobKinds.Create, "p", Up(), "h1");
        store.Start(first);
        store.Finish(first, new JobOutcome(JobStatuses.Completed));
        var second = store.Enqueue(JobKinds.Create, "p", Up(), "h2"); // still queued: no record yet, as upstream

        Assert.Equal(first, store.LatestStarted("p", JobKinds.Create)!.Id);
        Assert.Null(store.LatestStarted("p", JobKinds.Destroy));
        Assert.Equal(first, store.LastFinishedLifecycle("p", second)!.Id);
        Assert.Null(store.LastFinishedLifecycle("p", first));
    }

    [Fact]
    public void PruningDeletesOldFinishedJobsButKeepsUnfinishedOnesAndEachProjectsNewestRecord()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var store = new JobStore(DbPath, time);
        long Finished(string project, string kind, string status)
        {
            var id = store.Enqueue(kind, project, Up(), "h");
            store.Start(id);
            store.AddStep(id, JobSteps.DirectorStarted);
            store.Finish(id, new JobOutcome(status));
            return id;
        }
        var oldUp = Finished("p", JobKinds.Create, JobStatuses.Failed);
        var newestUp = Finished("p", JobKinds.Create, JobStatuses.Completed);
        var onlyDown = Finished("p", JobKinds.Destroy, JobStatuses.Completed);
        var otherOld = Finished("q", JobKinds.Create, JobStatuses.Completed);
        var otherNewest = Finished("q", JobKinds.Create, JobStatuses.Completed);
        var queuedLongAgo = store.Enqueue(JobKinds.Create, "r", Up(), "h");
        time.Advance(TimeSpan.FromDays(40));
        var recent = Finished("q", JobKinds.Create, JobStatuses.Completed);

        Assert.Equal(3, store.Prune(time.GetUtcNow() - TimeSpan.FromDays(30)));

        Assert.All(new[] { oldUp, otherOld, otherNewest }, id =>
        {
            Assert.Null(store.Get(id));
            Assert.Empty(store.History(id));
            Assert.Empty(store.Steps(id));
        });
        // p's newest up and down stay however old (project info reads them); q's newest is now `recent`.
        Assert.All(new[] { newestUp, onlyDown, queuedLongAgo, recent }, id => Assert.NotNull(store.Get(id)));
        Assert.Equal(newestUp, store.LatestStarted("p", JobKinds.Create)!.Id);
        Assert.Equal(onlyDown, store.LatestStarted("p", JobKinds.Destroy)!.Id);
        Assert.Equal(0, store.Prune(time.GetUtcNow() - TimeSpan.FromDays(30)));
    }
}
