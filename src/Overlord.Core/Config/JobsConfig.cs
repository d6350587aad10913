using System.Text.Json.Serialization;

namespace Overlord.Core.Config;

/// <summary>
/// The <c>jobs</c> block, our extension: where the durable job store lives and how many jobs run at once. Upstream
/// queues jobs in beanstalkd and runs them with <c>max_watch_commands</c> watchers; this node keeps them in one SQLite
/// file and runs them in-process, so upstream configs (which have no such block) get the same concurrency.
/// </summary>
public sealed record JobsConfig
{
    /// <summary>The default of <see cref="LockRetry"/>, in seconds.</summary>
    public const int DefaultLockRetry = 5;

    /// <summary>The default of <see cref="Retention"/>: 30 days, in seconds.</summary>
    public const int DefaultRetention = 30 * 24 * 3600;

    /// <summary>The SQLite file of the job store (<c>&lt;prefix&gt;/jobs.db</c>); its directory is created on start.</summary>
    [JsonPropertyName("database")]
    public required string Database { get; init; }

    /// <summary>Jobs run at the same time (different projects only; one project's jobs run one after another). Defaults to <c>max_watch_commands</c>.</summary>
    [JsonPropertyName("workers")]
    public required int Workers { get; init; }

    /// <summary>
    /// Seconds between two looks at a project that a running Director holds locked (UNFINISHED or DESTROYING). The
    /// job stays queued meanwhile, up to <c>execution_time</c>; upstream drops such jobs silently.
    /// </summary>
    [JsonPropertyName("lock_retry")]
    public int LockRetry { get; init; } = DefaultLockRetry;

    /// <summary>
    /// Seconds a finished job is kept before the node deletes it (0 keeps every job). The newest job of each project and
    /// kind is always kept: project info and NOOP detection read it. Upstream keeps statuses in memcached without expiry.
    /// </summary>
    [JsonPropertyName("retention")]
    public int Retention { get; init; } = DefaultRetention;
}
