using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Overlord.Core.Config;

namespace Overlord.Service.Jails.Polling.Kinds;

/// <summary>
/// <c>poll-jail-extras</c>: the CPU set of running jails and the <c>conf/</c> items of every jail, each item behind its
/// own adaptive gate. Upstream consults the gate once per jail (so an idle item's penalty grows by the number of
/// jails per cycle); here it is consulted once per cycle, which is the rule §5.6 states.
/// </summary>
public sealed class JailExtrasPoll(JailHostCache cache, NodeConfig config) : IPollKind
{
    /// <inheritdoc />
    public string Name => "jail_extras";

    /// <inheritdoc />
    public IReadOnlyList<PollEntity> Entities { get; } = [PollEntity.Cpuset, .. PollEntities.ConfItems.Select(c => c.Entity)];

    /// <inheritdoc />
    public int IntervalSeconds => config.Polling.JailExtras;

    /// <inheritdoc />
    public string? MissingDriver(JailDrivers drivers) => drivers.AppJail is null ? nameof(IAppJail) : null;

    /// <inheritdoc />
    public async Task RefreshAsync(PollCycle cycle, CancellationToken cancellationToken)
    {
        var appJail = cycle.Drivers.AppJail!;
        var items = PollEntities.ConfItems.Where(c => cycle.Due.Contains(c.Entity)).Select(c => c.Item).ToArray();
        var cpuset = cycle.Due.Contains(PollEntity.Cpuset);
        var changes = new ConcurrentDictionary<string, Func<JailState, JailState>>(StringComparer.Ordinal);
        await cycle.ForEachAsync(cache.Current.Jails, async (jail, ct) =>
        {
            // Each part of a jail stands alone: what was read is kept even when another part fails.
            var found = new List<Func<JailState, JailState>>();
            ExceptionDispatchInfo? failure = null;
            if (cpuset)
            {
                try
                {
                    if (await appJail.GetStatusAsync(jail, ct).ConfigureAwait(false) == JailStatus.Running
                        && await appJail.GetCpusetAsync(jail, ct).ConfigureAwait(false) is { } set)
                    {
                        found.Add(state => state with { Cpuset = set });
                    }
                }
                catch (Exception ex) when (ex is not (Tools.ToolNotFoundException or OperationCanceledException))
                {
                    failure ??= ExceptionDispatchInfo.Capture(ex);
                }
            }
            foreach (var item in items)
            {
                try
                {
                    if (appJail.ReadConfItems(jail, item, Keywords(item)) is { } entries)
                    {
                        var read = new ConfEntries(entries);
                        found.Add(state => state with { Conf = state.Conf.SetItem(item, read) });
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failure ??= ExceptionDispatchInfo.Capture(ex);
                }
            }
            if (found.Count > 0)
            {
                changes[jail] = state => found.Aggregate(state, (s, change) => change(s));
            }
            failure?.Throw();
        }, cancellationToken).ConfigureAwait(false);
        cache.UpdateJails(changes);
    }

    private IReadOnlyList<string> Keywords(JailConfItem item)
    {
        var keywords = config.Polling.Keywords;
        return item switch
        {
            JailConfItem.Devfs => keywords.Devfs,
            JailConfItem.Expose => keywords.Expose,
            JailConfItem.Healthcheck => keywords.Healthcheck,
            JailConfItem.Limits => keywords.Limits,
            JailConfItem.Fstab => keywords.Fstab,
            JailConfItem.Labels => keywords.Label,
            JailConfItem.Nat => keywords.Nat,
            JailConfItem.Volumes => keywords.Volume,
            _ => throw new ArgumentOutOfRangeException(nameof(item), item, null),
        };
    }
}
