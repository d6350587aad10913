using System.Collections.Concurrent;
using Overlord.Core.Config;

namespace Overlord.Service.Jails.Polling.Kinds;

/// <summary>
/// <c>poll-jail-stats</c>: <c>rctl -u jail:J</c> of running jails, filtered to <c>polling.keywords.stats</c>; a jail that
/// is not running loses its statistics, as upstream. Needs RACCT, which is re-checked every
/// <see cref="RacctRecheck"/> (enabling it takes a reboot, so more often buys nothing). Upstream also refuses to
/// start unless it runs as uid 0; we do not check that: rctl itself answers whether the node may read usage, and a
/// refusal shows up as a per-jail failure in the log.
/// </summary>
public sealed class JailStatsPoll(JailHostCache cache, NodeConfig config, TimeProvider time) : IPollKind
{
    /// <summary>How long a RACCT answer is trusted.</summary>
    public static readonly TimeSpan RacctRecheck = TimeSpan.FromMinutes(5);

    private bool? _racct;
    private DateTimeOffset _racctCheckedAt;

    /// <inheritdoc />
    public string Name => "jail_stats";

    /// <inheritdoc />
    public IReadOnlyList<PollEntity> Entities { get; } = [PollEntity.JailStats];

    /// <inheritdoc />
    public int IntervalSeconds => config.Polling.JailStats;

    /// <inheritdoc />
    public string? MissingDriver(JailDrivers drivers) =>
        drivers.AppJail is null ? nameof(IAppJail) : drivers.Rctl is null ? nameof(IRctl) : null;

    /// <inheritdoc />
    public async Task RefreshAsync(PollCycle cycle, CancellationToken cancellationToken)
    {
        var appJail = cycle.Drivers.AppJail!;
        var rctl = cycle.Drivers.Rctl!;
        var now = time.GetUtcNow();
        if (_racct is null || now - _racctCheckedAt >= RacctRecheck)
        {
            _racct = await rctl.IsEnabledAsync(cancellationToken).ConfigureAwait(false);
            _racctCheckedAt = now;
        }
        if (_racct is false)
        {
            throw new PollUnavailableException("rctl(4) is not enabled (kern.racct.enable=0); jail statistics are not collected");
        }
        var keywords = config.Polling.Keywords.Stats.ToHashSet(StringComparer.Ordinal);
        var changes = new ConcurrentDictionary<string, Func<JailState, JailState>>(StringComparer.Ordinal);
        await cycle.ForEachAsync(cache.Current.Jails, async (jail, ct) =>
        {
            if (await appJail.GetStatusAsync(jail, ct).ConfigureAwait(false) != JailStatus.Running)
            {
                changes[jail] = state => state with { Stats = null };
                return;
            }
            IReadOnlyDictionary<string, long> stats = keywords.Count == 0
                ? new Dictionary<string, long>()
                : Filter(await rctl.GetUsageAsync(jail, ct).ConfigureAwait(false), keywords);
            changes[jail] = state => state with { Stats = stats };
        }, cancellationToken).ConfigureAwait(false);
        cache.UpdateJails(changes);
    }

    // Keeps rctl's order, as upstream's dict does.
    private static Dictionary<string, long> Filter(IReadOnlyDictionary<string, long> usage, HashSet<string> keywords)
    {
        var filtered = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (resource, value) in usage)
        {
            if (keywords.Contains(resource))
            {
                filtered[resource] = value;
            }
        }
        return filtered;
    }
}
