using System.Collections.Concurrent;

namespace Overlord.Service.Chains;

/// <summary>
/// The default <see cref="IChainHealth"/> until smart timeouts are wired in: it counts failures for
/// <c>/v1/chains/stats</c> but never disables a chain.
/// </summary>
public sealed class CountingChainHealth(TimeProvider time) : IChainHealth
{
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset LastFailure)> _counters = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public bool IsDisabled(string chain) => false;

    /// <inheritdoc />
    public void RecordFailure(string chain)
    {
        var now = time.GetUtcNow();
        _counters.AddOrUpdate(chain, _ => (1, now), (_, c) => (c.Failures + 1, now));
    }

    /// <inheritdoc />
    public void RecordSuccess(string chain) => _counters.TryRemove(chain, out _);

    /// <inheritdoc />
    public IReadOnlyList<ChainHealthSnapshot> Snapshot() =>
        [.. _counters.Select(c => new ChainHealthSnapshot(c.Key, c.Value.Failures, false, c.Value.LastFailure, null))];
}
