using Overlord.Service.Jails.Tools;

namespace Overlord.Service.Jails.Polling;

/// <summary>One refresh of one poller: which entities are due, the drivers, and the per-item outcome counters.</summary>
public sealed class PollCycle
{
    private readonly Action<string, Exception> _failed;
    private readonly Action<string> _succeeded;
    private int _items;
    private int _failures;

    internal PollCycle(IReadOnlySet<PollEntity> due, JailDrivers drivers, int maxParallelism, Action<string, Exception> failed, Action<string> succeeded)
    {
        Due = due;
        Drivers = drivers;
        MaxParallelism = maxParallelism;
        _failed = failed;
        _succeeded = succeeded;
    }

    /// <summary>The entities whose adaptive gate allowed a refresh.</summary>
    public IReadOnlySet<PollEntity> Due { get; }

    /// <summary>The drivers (those the kind needs are present).</summary>
    public JailDrivers Drivers { get; }

    /// <summary>How many per-item tool calls may run at once.</summary>
    public int MaxParallelism { get; }

    /// <summary>Items (jails, projects) handled so far.</summary>
    public int Items => Volatile.Read(ref _items);

    /// <summary>Items whose refresh failed; they keep their previous data.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>
    /// Runs <paramref name="refresh"/> for each item with bounded parallelism. A failing item is counted and logged and
    /// keeps its previous data; a missing tool or cancellation ends the cycle, since no other item can do better.
    /// </summary>
    public Task ForEachAsync(IEnumerable<string> items, Func<string, CancellationToken, ValueTask> refresh, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelism, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            Interlocked.Increment(ref _items);
            try
            {
                await refresh(item, ct).ConfigureAwait(false);
                _succeeded(item);
            }
            catch (Exception ex) when (ex is not (ToolNotFoundException or OperationCanceledException))
            {
                Interlocked.Increment(ref _failures);
                _failed(item, ex);
            }
        });

    /// <summary>Counts one item refreshed outside <see cref="ForEachAsync"/> (list pollers).</summary>
    public void CountItems(int count) => Interlocked.Add(ref _items, count);
}
