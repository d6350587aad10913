namespace Overlord.Service.Jails.Polling;

/// <summary>What one poll cycle did, for benchmarks and diagnostics.</summary>
/// <param name="Poller">The poller's name.</param>
/// <param name="Started">When the cycle began.</param>
/// <param name="Duration">How long it ran.</param>
/// <param name="Refreshed">The entities that were due; empty when adaptive polling skipped the cycle.</param>
/// <param name="Items">Jails or projects handled.</param>
/// <param name="Failures">Items that failed and kept their previous data.</param>
/// <param name="Outcome">How the cycle ended.</param>
public sealed record PollCycleMetrics(
    string Poller,
    DateTimeOffset Started,
    TimeSpan Duration,
    IReadOnlyCollection<PollEntity> Refreshed,
    int Items,
    int Failures,
    PollOutcome Outcome);

/// <summary>How a poll cycle ended.</summary>
public enum PollOutcome
{
    /// <summary>Refreshed (individual items may still have failed).</summary>
    Completed,

    /// <summary>Adaptive polling said nobody is asking; nothing ran.</summary>
    Skipped,

    /// <summary>A driver the poller needs is not registered.</summary>
    NoDriver,

    /// <summary>The tool is not installed.</summary>
    ToolMissing,

    /// <summary>The whole cycle failed (e.g. RACCT off, Director list failed); previous data is kept.</summary>
    Failed,
}
