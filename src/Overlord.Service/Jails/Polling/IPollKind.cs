namespace Overlord.Service.Jails.Polling;

/// <summary>
/// What one poller refreshes. The generic <see cref="Poller"/> owns the loop, sleeps, adaptive gates, error handling and
/// metrics; a kind only says what it covers and how to refresh it.
/// </summary>
public interface IPollKind
{
    /// <summary>Upstream's program name without <c>poll-</c>, e.g. <c>jail_info</c>; used in logs and metrics.</summary>
    string Name { get; }

    /// <summary>The entities this kind refreshes, each with its own adaptive gate.</summary>
    IReadOnlyList<PollEntity> Entities { get; }

    /// <summary>The configured sleep in seconds, before skew.</summary>
    int IntervalSeconds { get; }

    /// <summary>Null when the drivers it needs are registered, else a short description of the missing one.</summary>
    string? MissingDriver(JailDrivers drivers);

    /// <summary>Refreshes the entities of <paramref name="cycle"/> that are due and publishes them to the cache.</summary>
    Task RefreshAsync(PollCycle cycle, CancellationToken cancellationToken);
}
