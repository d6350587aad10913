namespace Overlord.Service.Jails.Polling;

/// <summary>The node's pollers, in the order a full refresh should run them (lists before per-item data).</summary>
public sealed class JailPollers(IReadOnlyList<Poller> all)
{
    /// <summary>Every poller.</summary>
    public IReadOnlyList<Poller> All { get; } = all;

    /// <summary>The poller named <paramref name="name"/> (e.g. <c>jail_info</c>).</summary>
    public Poller this[string name] => All.First(p => p.Name == name);

    /// <summary>Runs one cycle of every poller, in order (tests and benchmarks).</summary>
    public async Task<IReadOnlyList<PollCycleMetrics>> PollAllOnceAsync(CancellationToken cancellationToken)
    {
        var metrics = new List<PollCycleMetrics>(All.Count);
        foreach (var poller in All)
        {
            metrics.Add(await poller.PollOnceAsync(cancellationToken).ConfigureAwait(false));
        }
        return metrics;
    }
}
