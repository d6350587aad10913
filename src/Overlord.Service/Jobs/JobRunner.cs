using System.Text.Json.Nodes;
using Overlord.Core.Api;
using Overlord.Core.Config;
using Overlord.Service.Jails;
using Overlord.Service.Jails.Polling;

namespace Overlord.Service.Jobs;

/// <summary>What a worker does with a lane after running its next job.</summary>
public enum JobRunResult
{
    /// <summary>The job is final (or was already); take the lane's next one.</summary>
    Done,

    /// <summary>Director holds the project locked; look again after <c>jobs.lock_retry</c>.</summary>
    Deferred,
}

/// <summary>
/// The lifecycle of a <c>directorProject</c> (upstream's <c>libexec/create.py projects</c>) over <see cref="IDirector"/>,
/// recording every step in <see cref="JobStore"/>. Create: RUNNING → (NOOP when the same spec is deployed and
/// running) → reserve ports → (restart: <c>down</c>) → <c>up</c> → <c>describe</c>: DONE → COMPLETED, else
/// INCOMPLETED. Destroy: RUNNING → <c>down -d --ignore-failed</c> → COMPLETED, INCOMPLETED on a non-zero exit.
/// Errors → FAILED with upstream's <c>exception</c>. Special labels (HAProxy, SkyDNS) are not run here.
/// </summary>
public sealed class JobRunner(
    JobStore store,
    IDirector director,
    FreePortFinder ports,
    JailHostCache cache,
    NodeConfig config,
    TimeProvider time,
    ILogger<JobRunner> logger)
{
    /// <summary>Upstream's busy states: with the lock held, a Director is (or was, if it died) at work.</summary>
    public static bool IsBusy(DirectorDescription? description) =>
        description is { Locked: true, State: "UNFINISHED" or "DESTROYING" };

    private TimeSpan LockWait => TimeSpan.FromSeconds(config.ExecutionTime ?? 10800);

    /// <summary>The time a deferred lane is looked at again.</summary>
    public DateTimeOffset NextLook => time.GetUtcNow() + TimeSpan.FromSeconds(config.Jobs.LockRetry);

    /// <summary>Runs (or defers) job <paramref name="id"/>; <paramref name="cancel"/> fires on cancel jobs and on shutdown.</summary>
    public async Task<JobRunResult> RunAsync(long id, CancellationToken cancel, CancellationToken stopping)
    {
        var job = store.Get(id);
        if (job is null || JobStatuses.IsTerminal(job.Status))
        {
            return JobRunResult.Done; // cancelled while queued
        }
        JobOutcome outcome;
        try
        {
            var description = await TryDescribeAsync(job.Project, cancel).ConfigureAwait(false);
            if (IsBusy(description))
            {
                // Upstream drops the job silently here, and forever with a stale lock. We wait, bounded.
                var waited = time.GetUtcNow() - JobStore.FromUnix(job.Created);
                if (waited < LockWait)
                {
                    if (job.Status == JobStatuses.Queued && !store.History(id).Any(h => h.Note == WaitingNote))
                    {
                        store.Note(id, WaitingNote);
                    }
                    return JobRunResult.Deferred;
                }
                store.Finish(id, new JobOutcome(JobStatuses.Failed,
                    Message: $"project '{job.Project}' stayed {description!.State} and locked by a Director for {(int)LockWait.TotalSeconds} s (execution_time); the job was not run"));
                return JobRunResult.Done;
            }
            if (!store.Start(id))
            {
                return JobRunResult.Done;
            }
            cache.TouchAll();
            JobLog.Started(logger, id, job.Kind, job.Project);
            outcome = job.Kind == JobKinds.Destroy
                ? await DestroyAsync(job, cancel).ConfigureAwait(false)
                : await CreateAsync(job, description, cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            outcome = stopping.IsCancellationRequested
                ? new JobOutcome(JobStatuses.Failed, Message: "interrupted by a node shutdown")
                : new JobOutcome(JobStatuses.Failed, Message: "cancelled", Note: "cancelled while running");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            outcome = new JobOutcome(JobStatuses.Failed, Exception: new JobException(e.GetType().Name, e.Message));
        }
        if (store.Finish(id, outcome))
        {
            JobLog.Finished(logger, id, job.Kind, job.Project, outcome.Status);
        }
        cache.TouchAll();
        return JobRunResult.Done;
    }

    /// <summary>The history note of a job that waits for a locked project.</summary>
    public const string WaitingNote = "waiting: the project is locked by a running Director";

    /// <summary>The environment of a job: request < OVERLORD_METADATA, OVERLORD_NAMESPACES (the node's own environment is below both).</summary>
    public Dictionary<string, string> Environment(JobRequest request)
    {
        var environment = new Dictionary<string, string>(request.Environment, StringComparer.Ordinal)
        {
            ["OVERLORD_METADATA"] = config.Metadata.Location,
            ["OVERLORD_NAMESPACES"] = config.Metadata.Namespaces,
        };
        return environment;
    }

    private async Task<JobOutcome> CreateAsync(StoredJob job, DirectorDescription? before, CancellationToken cancel)
    {
        var request = job.Request;
        if (!request.Restart && before is { State: "DONE", Services.Count: > 0 } && before.Services.All(s => s.Status == 0)
            && store.LastFinishedLifecycle(job.Project, job.Id) is { Kind: JobKinds.Create, Status: JobStatuses.Completed or JobStatuses.Noop } last
            && last.SpecHash == job.SpecHash
            && request.ReservePort.Count == 0
            && SameEnvironment(last.Request.Environment, request.Environment))
        {
            // Our addition: upstream runs Director again, which converges to the same state. The environment must match
            // too (the file reads it through !ENV), and a reserved port would be a new one each time.
            return new JobOutcome(JobStatuses.Noop, Note: $"the same spec (job {last.Id}) is deployed and every service runs");
        }
        var environment = Environment(request);
        foreach (var (interfaceName, network) in request.ReservePort)
        {
            var port = await ports.FindAsync(interfaceName, network, cancel).ConfigureAwait(false);
            if (port is null)
            {
                return new JobOutcome(JobStatuses.Failed, Message: $"no free port has been found for {interfaceName} ({network ?? "None"})");
            }
            environment["OVERLORD_FREEPORT_" + interfaceName.ToUpperInvariant()] = port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (request.Restart && await director.ExistsAsync(job.Project, cancel).ConfigureAwait(false))
        {
            store.AddStep(job.Id, JobSteps.RestartDownStarted);
            await director.DownAsync(job.Project, environment, destroy: false, ignoreFailed: false, cancel).ConfigureAwait(false);
            store.SetRestarted(job.Id);
        }
        store.AddStep(job.Id, JobSteps.DirectorStarted);
        var run = await director.UpAsync(job.Project, request.DirectorFile ?? "", environment, overwrite: false, cancel).ConfigureAwait(false);
        var after = await director.DescribeAsync(job.Project, cancel).ConfigureAwait(false);
        // Upstream reads COMPLETED when the project does not exist afterwards (a rejected new spec); that is a failure.
        var status = after?.State == "DONE" ? JobStatuses.Completed : JobStatuses.Incompleted;
        return new JobOutcome(status, Output(run), Message: run.OutputProblem is { } problem ? "Director's report could not be read: " + problem : null);
    }

    private static bool SameEnvironment(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var v) && v == e.Value);

    private async Task<JobOutcome> DestroyAsync(StoredJob job, CancellationToken cancel)
    {
        store.AddStep(job.Id, JobSteps.DirectorStarted);
        var run = await director.DownAsync(job.Project, Environment(job.Request), destroy: true, ignoreFailed: true, cancel).ConfigureAwait(false);
        var status = run.ExitCode == 0 ? JobStatuses.Completed : JobStatuses.Incompleted;
        return new JobOutcome(status, Output(run), Message: run.OutputProblem is { } problem ? "Director's report could not be read: " + problem : null);
    }

    private async Task<DirectorDescription?> TryDescribeAsync(string project, CancellationToken cancel)
    {
        try
        {
            return await director.DescribeAsync(project, cancel).ConfigureAwait(false);
        }
        catch (Jails.Tools.ToolException e)
        {
            // Director's own lock still protects the project; the run will say what is wrong.
            JobLog.DescribeFailed(logger, project, e.Message);
            return null;
        }
    }

    /// <summary>Upstream's <c>output</c>: <c>{rc, stdout: {errlevel, message, failed}, stderr}</c>.</summary>
    public static JsonObject Output(DirectorRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        JsonNode? stdout = null;
        if (run.Report is { } report)
        {
            stdout = new JsonObject
            {
                ["errlevel"] = report.ErrLevel,
                ["message"] = report.Message,
                ["failed"] = new JsonArray([.. report.Failed.Select(f => (JsonNode)new JsonObject { ["type"] = f.Type, ["service"] = f.Service })]),
            };
        }
        return new JsonObject { ["rc"] = run.ExitCode, ["stdout"] = stdout, ["stderr"] = run.StandardError };
    }
}
