namespace Overlord.Service.Jobs;

/// <summary>Log events of the job store and workers (event ids 4000–4099). Never the environment or the Director file.</summary>
internal static partial class JobLog
{
    [LoggerMessage(4000, LogLevel.Information, "Job {Id} ({Kind} {Project}) accepted")]
    public static partial void Accepted(ILogger logger, long id, string kind, string project);

    [LoggerMessage(4001, LogLevel.Information, "Job {Id} ({Kind} {Project}) running")]
    public static partial void Started(ILogger logger, long id, string kind, string project);

    [LoggerMessage(4002, LogLevel.Information, "Job {Id} ({Kind} {Project}) finished: {Status}")]
    public static partial void Finished(ILogger logger, long id, string kind, string project, string status);

    [LoggerMessage(4003, LogLevel.Warning, "describe of project {Project} failed before its job: {Error}")]
    public static partial void DescribeFailed(ILogger logger, string project, string error);

    [LoggerMessage(4004, LogLevel.Information, "Job store {Path}: {Running} job(s) were running and {Queued} queued at start")]
    public static partial void Recovering(ILogger logger, string path, int running, int queued);

    [LoggerMessage(4005, LogLevel.Information, "Job {Id} ({Project}) reconciled after a restart: {Status}")]
    public static partial void Reconciled(ILogger logger, long id, string project, string status);

    [LoggerMessage(4006, LogLevel.Error, "Job worker failed on project {Project}")]
    public static partial void WorkerFailed(ILogger logger, Exception exception, string project);

    [LoggerMessage(4007, LogLevel.Information, "Cancel job {Id} ({Project}): running job {Running}, {Dropped} queued job(s) dropped")]
    public static partial void Cancelled(ILogger logger, long id, string project, string running, int dropped);

    [LoggerMessage(4008, LogLevel.Information, "Deleted {Count} finished job(s) older than {Retention} s (jobs.retention)")]
    public static partial void Pruned(ILogger logger, int count, int retention);

    [LoggerMessage(4009, LogLevel.Warning, "Deleting old finished jobs failed; trying again later")]
    public static partial void PruneFailed(ILogger logger, Exception exception);
}
