using Overlord.Core.Config;

namespace Overlord.Service.Jails.Polling.Kinds;

/// <summary>
/// <c>poll-jails</c>: the directory names under <c>appjail.jails</c>. Publishing the list drops the data of jails that
/// vanished. (Upstream keeps the old list when the directory is missing; the driver reports that as an empty list, so
/// here the jails are dropped, which is what a host without a jail directory has.)
/// </summary>
public sealed class JailListPoll(JailHostCache cache, NodeConfig config) : IPollKind
{
    /// <inheritdoc />
    public string Name => "jails";

    /// <inheritdoc />
    public IReadOnlyList<PollEntity> Entities { get; } = [PollEntity.Jails];

    /// <inheritdoc />
    public int IntervalSeconds => config.Polling.Jails;

    /// <inheritdoc />
    public string? MissingDriver(JailDrivers drivers) => drivers.AppJail is null ? nameof(IAppJail) : null;

    /// <inheritdoc />
    public Task RefreshAsync(PollCycle cycle, CancellationToken cancellationToken)
    {
        var jails = cycle.Drivers.AppJail!.ListJails();
        cache.SetJails(jails);
        cycle.CountItems(jails.Count);
        return Task.CompletedTask;
    }
}
