using Overlord.Core.Api;
using Overlord.Core.Config;
using Overlord.Service.Jails;

namespace Overlord.Service.Jobs;

/// <summary>
/// The job workers (upstream's watch-commands and job runners, in-process). On start it reconciles what a previous
/// run of the node left: a RUNNING job without the <c>director-started</c> marker is queued again (nothing ran); one
/// with the marker is never started a second time: its project's lane is held while the service waits (bounded by
/// <c>execution_time</c>) for Director to release the project lock (an orphaned Director survives the node's kill -9),
/// then reads <c>describe</c>: DONE (create) or gone (destroy) → COMPLETED "reconciled after restart", anything else →
/// FAILED "interrupted by a node restart". <c>jobs.workers</c> loops take project lanes from <see cref="JobQueue"/>,
/// one loop runs cancel jobs, and one releases deferred lanes.
/// </summary>
public sealed class JobWorkerService(
    JobStore store,
    JobQueue queue,
    JobRunner runner,
    IDirector director,
    NodeConfig config,
    TimeProvider time,
    ILogger<JobWorkerService> logger) : BackgroundService
{
    /// <summary>How often a reconciling job looks at <c>describe</c> again.</summary>
    public static readonly TimeSpan ReconcilePoll = TimeSpan.FromMilliseconds(250);

    /// <summary>How often finished jobs older than <c>jobs.retention</c> are deleted (also once at start).</summary>
    public static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    private readonly TaskCompletionSource _recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the jobs of the previous run are reconciled and the workers run.</summary>
    public Task Recovered => _recovered.Task;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var unfinished = store.Unfinished();
        var running = unfinished.Where(j => j.Status == JobStatuses.Running && j.Kind != JobKinds.Cancel).ToList();
        JobLog.Recovering(logger, store.Path, running.Count, unfinished.Count - running.Count);
        var reconciling = new List<StoredJob>();
        foreach (var job in running)
        {
            if (store.Steps(job.Id).Any(s => s.Step == JobSteps.DirectorStarted))
            {
                // Its project runs nothing (queued or new jobs wait in the lane) until the job is reconciled.
                queue.Hold(job.Project);
                reconciling.Add(job);
            }
            else
            {
                store.Requeue(job.Id, "queued again after a node restart: Director had not been started");
            }
        }
        foreach (var job in store.Unfinished())
        {
            if (job.Kind == JobKinds.Cancel)
            {
                queue.SubmitCancel(job.Id);
            }
            else if (job.Status == JobStatuses.Queued)
            {
                queue.Submit(job.Project, job.Id);
            }
        }

        var loops = new List<Task> { CancelLoopAsync(stoppingToken), DelayLoopAsync(stoppingToken), ReconcileAllAsync(reconciling, stoppingToken), PruneLoopAsync(stoppingToken) };
        for (var i = 0; i < Math.Max(1, config.Jobs.Workers); i++)
        {
            loops.Add(WorkerLoopAsync(stoppingToken));
        }
        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    /// <summary>Deletes old finished jobs now and every <see cref="PruneEvery"/>, so a long-lived node's store stays small.</summary>
    private async Task PruneLoopAsync(CancellationToken stoppingToken)
    {
        if (config.Jobs.Retention <= 0)
        {
            return;
        }
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var deleted = store.Prune(time.GetUtcNow() - TimeSpan.FromSeconds(config.Jobs.Retention));
                    if (deleted > 0)
                    {
                        JobLog.Pruned(logger, deleted, config.Jobs.Retention);
                    }
                }
                catch (Microsoft.Data.Sqlite.SqliteException e)
                {
                    // A busy or full disk must not stop the workers; the next round tries again.
                    JobLog.PruneFailed(logger, e);
                }
                await Task.Delay(PruneEvery, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Reconciles each interrupted job in parallel and releases its project's lane when done. Other projects run
    /// meanwhile: a stale lock on one project (a Director killed with the node) must not stall the whole node.
    /// </summary>
    private async Task ReconcileAllAsync(IReadOnlyList<StoredJob> jobs, CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(jobs.Select(async job =>
            {
                await ReconcileAsync(job, stoppingToken).ConfigureAwait(false);
                queue.Release(job.Project);
            })).ConfigureAwait(false);
            _recovered.TrySetResult();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReconcileAsync(StoredJob job, CancellationToken stoppingToken)
    {
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(config.ExecutionTime ?? 10800);
        DirectorDescription? description = null;
        try
        {
            while (true)
            {
                description = await director.DescribeAsync(job.Project, stoppingToken).ConfigureAwait(false);
                if (!JobRunner.IsBusy(description) || time.GetUtcNow() >= deadline)
                {
                    break;
                }
                await Task.Delay(ReconcilePoll, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (Jails.Tools.ToolException e)
        {
            store.Finish(job.Id, new JobOutcome(JobStatuses.Failed, Exception: new JobException(e.GetType().Name, e.Message),
                Message: "interrupted by a node restart", Note: "describe failed while reconciling"));
            return;
        }
        var succeeded = job.Kind == JobKinds.Destroy ? description is null : description?.State == "DONE";
        var outcome = succeeded
            ? new JobOutcome(JobStatuses.Completed, Note: "reconciled after restart")
            : new JobOutcome(JobStatuses.Failed, Message: "interrupted by a node restart", Note: $"reconciled after restart: project {description?.State ?? "absent"}");
        store.Finish(job.Id, outcome);
        JobLog.Reconciled(logger, job.Id, job.Project, outcome.Status);
    }

    private async Task WorkerLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await queue.Ready.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!queue.Ready.TryRead(out var project) || queue.Take(project, stoppingToken) is not { } next)
                {
                    continue;
                }
                var result = JobRunResult.Done;
                try
                {
                    result = await runner.RunAsync(next.Id, next.Cancel.Token, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // The store failed under the runner; the job stays as it is and the next start reconciles it.
                    JobLog.WorkerFailed(logger, e, project);
                }
                if (result == JobRunResult.Deferred)
                {
                    queue.Defer(project, runner.NextLook);
                }
                else
                {
                    queue.Complete(project, next.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DelayLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200), time);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                queue.ReleaseDue(time.GetUtcNow());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CancelLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await queue.Cancels.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                while (queue.Cancels.TryRead(out var id))
                {
                    await CancelAsync(id, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Upstream only runs <c>appjail-director cancel -p P</c>. We also stop the job that runs for the project (its token
    /// makes the tool runner stop the Director process tree) and fail its queued jobs with <c>cancelled</c>.
    /// </summary>
    private async Task CancelAsync(long id, CancellationToken stoppingToken)
    {
        var job = store.Get(id);
        if (job is null || JobStatuses.IsTerminal(job.Status))
        {
            return;
        }
        store.Start(id);
        var dropped = store.FailQueued(job.Project, "cancelled", $"cancelled by job {id}");
        var running = queue.CancelRunning(job.Project);
        JobOutcome outcome;
        try
        {
            var ok = await director.CancelAsync(job.Project, stoppingToken).ConfigureAwait(false);
            var what = $"running job: {(running is { } r ? r.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}; queued jobs dropped: {dropped.Count}; appjail-director cancel {(ok ? "exited 0" : "found nothing to cancel")}";
            outcome = new JobOutcome(JobStatuses.Completed, Note: what);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            outcome = new JobOutcome(JobStatuses.Failed, Exception: new JobException(e.GetType().Name, e.Message));
        }
        store.Finish(id, outcome);
        JobLog.Cancelled(logger, id, job.Project, running?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none", dropped.Count);
    }
}
