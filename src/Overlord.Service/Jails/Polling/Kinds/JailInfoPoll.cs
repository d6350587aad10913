using System.Collections.Concurrent;
using Overlord.Core.Config;

namespace Overlord.Service.Jails.Polling.Kinds;

/// <summary><c>poll-jail-info</c>: <c>appjail jail get</c> of <c>polling.keywords.jail</c> for every listed jail.</summary>
public sealed class JailInfoPoll(JailHostCache cache, NodeConfig config) : IPollKind
{
    /// <inheritdoc />
    public string Name => "jail_info";

    /// <inheritdoc />
    public IReadOnlyList<PollEntity> Entities { get; } = [PollEntity.JailInfo];

    /// <inheritdoc />
    public int IntervalSeconds => config.Polling.JailInfo;

    /// <inheritdoc />
    public string? MissingDriver(JailDrivers drivers) => drivers.AppJail is null ? nameof(IAppJail) : null;

    /// <inheritdoc />
    public async Task RefreshAsync(PollCycle cycle, CancellationToken cancellationToken)
    {
        var appJail = cycle.Drivers.AppJail!;
        var keywords = config.Polling.Keywords.Jail;
        var changes = new ConcurrentDictionary<string, Func<JailState, JailState>>(StringComparer.Ordinal);
        await cycle.ForEachAsync(cache.Current.Jails, async (jail, ct) =>
        {
            // Null: the jail went away since the list was taken; the next list drops it.
            if (await appJail.GetInfoAsync(jail, keywords, ct).ConfigureAwait(false) is { } info)
            {
                changes[jail] = state => state with { Info = info };
            }
        }, cancellationToken).ConfigureAwait(false);
        cache.UpdateJails(changes);
    }
}
