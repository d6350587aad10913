using Overlord.Core.Config;

namespace Overlord.Service.Jails.Polling.Kinds;

/// <summary>
/// <c>poll-projects</c>: <c>appjail-director ls</c>. Publishing the list drops the describe data of vanished projects.
/// A failing <c>ls</c> keeps the previous list (upstream exits the poller and lets supervisord restart it).
/// </summary>
public sealed class ProjectListPoll(JailHostCache cache, NodeConfig config) : IPollKind
{
    /// <inheritdoc />
    public string Name => "projects";

    /// <inheritdoc />
    public IReadOnlyList<PollEntity> Entities { get; } = [PollEntity.Projects];

    /// <inheritdoc />
    public int IntervalSeconds => config.Polling.Projects;

    /// <inheritdoc />
    public string? MissingDriver(JailDrivers drivers) => drivers.Director is null ? nameof(IDirector) : null;

    /// <inheritdoc />
    public async Task RefreshAsync(PollCycle cycle, CancellationToken cancellationToken)
    {
        var entries = await cycle.Drivers.Director!.ListAsync(cancellationToken).ConfigureAwait(false);
        cache.SetProjects([.. entries.Select(e => e.Name)]);
        cycle.CountItems(entries.Count);
    }
}
