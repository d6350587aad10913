using Overlord.Core.Config;

namespace Overlord.Service.Chains;

/// <summary>
/// Smart timeouts (<c>autodisable</c>): one failure counter per direct child chain, fed by the router and, when
/// <c>polling.heartbeat</c> is set, a healthy set published by <see cref="HeartbeatService"/>.
/// </summary>
/// <remarks>
/// Counter semantics follow upstream exactly: the first failure creates <c>{failures 0, increase 0}</c>; each later
/// one adds <c>autodisable.increase</c> to the penalty while the penalty is still below <c>max-increase</c> (so a step
/// that does not divide <c>max-increase</c> overshoots it once, as upstream does); every failure then bumps
/// <c>failures</c> and stamps the time. A chain is disabled while it is missing from the heartbeat's healthy set, or
/// while it has at least <c>autodisable.failures</c> failures and less than <c>interval + increase</c> seconds have
/// passed since the last one. Any success deletes the counter.
/// Deliberate difference (upstream bug, reference §7 item 18): with <c>autodisable.enabled: false</c> nothing is
/// disabled, hidden or refused; upstream still refuses calls when <c>strict</c> is set.
/// </remarks>
public sealed partial class ChainHealth : IChainHealth
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly AutodisableConfig _settings;
    private readonly bool _heartbeat;
    private readonly IReadOnlyList<string> _chains;
    private readonly TimeProvider _time;
    private readonly ILogger<ChainHealth> _logger;
    private HashSet<string> _healthy;

    /// <summary>Creates the bookkeeping for the chains of <paramref name="config"/>.</summary>
    public ChainHealth(NodeConfig config, TimeProvider time, ILogger<ChainHealth> logger)
    {
        ArgumentNullException.ThrowIfNull(config);
        _settings = config.Autodisable;
        _heartbeat = config.Polling.Heartbeat is not null;
        _chains = config.Chains.Where(c => !c.Value.Disable).Select(c => c.Key).Order(StringComparer.Ordinal).ToArray();
        _time = time;
        _logger = logger;
        // Until the heartbeat's first round every loaded chain counts as healthy, as upstream's heartbeat publishes
        // them all on start; otherwise requests arriving before that round would all be refused.
        _healthy = new HashSet<string>(_chains, StringComparer.Ordinal);
    }

    /// <summary>
    /// Whether <paramref name="chain"/> is to be hidden from <c>GET /v1/chains</c>: it is disabled and
    /// <c>autodisable.enabled</c> is on.
    /// </summary>
    public bool IsDisabled(string chain)
    {
        lock (_gate)
        {
            return _settings.Enabled && DisabledCore(chain, _time.GetUtcNow(), out _);
        }
    }

    /// <summary>
    /// Whether a call whose tail is <paramref name="chain"/> is to be refused without connecting: the chain is
    /// disabled and both <c>autodisable.enabled</c> and <c>autodisable.strict</c> are on.
    /// </summary>
    public bool ShouldRefuse(string chain)
    {
        lock (_gate)
        {
            return _settings.Enabled && _settings.Strict && DisabledCore(chain, _time.GetUtcNow(), out _);
        }
    }

    /// <summary>Counts a failure of <paramref name="chain"/> as the tail of a call (5xx, transport error, timeout or refusal).</summary>
    public void RecordFailure(string chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var wasDisabled = DisabledCore(chain, now, out _);
            if (!_counters.TryGetValue(chain, out var counter))
            {
                counter = new Counter();
                _counters.Add(chain, counter);
            }
            else if (counter.Increase < _settings.MaxIncrease)
            {
                counter.Increase += _settings.Increase;
            }
            counter.Failures++;
            counter.LastFailure = now;
            if (!wasDisabled && DisabledCore(chain, now, out var remaining) && _settings.Enabled)
            {
                LogChainDisabled(_logger, chain, counter.Failures, remaining?.TotalSeconds ?? 0);
            }
            else
            {
                LogChainFailure(_logger, chain, counter.Failures, counter.Increase);
            }
        }
    }

    /// <summary>Clears the counter of <paramref name="chain"/> after any successful call through it.</summary>
    public void RecordSuccess(string chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        lock (_gate)
        {
            if (_counters.Remove(chain, out var counter))
            {
                LogChainCleared(_logger, chain, counter.Failures);
            }
        }
    }

    /// <summary>Replaces the heartbeat's healthy set. Ignored while the heartbeat is off.</summary>
    public void SetHealthy(IReadOnlySet<string> healthy)
    {
        ArgumentNullException.ThrowIfNull(healthy);
        var next = new HashSet<string>(healthy, StringComparer.Ordinal);
        lock (_gate)
        {
            if (!_heartbeat)
            {
                return;
            }
            foreach (var chain in _chains)
            {
                var before = _healthy.Contains(chain);
                var after = next.Contains(chain);
                if (before && !after)
                {
                    LogChainUnhealthy(_logger, chain);
                }
                else if (!before && after)
                {
                    LogChainHealthy(_logger, chain);
                }
            }
            _healthy = next;
        }
    }

    /// <summary>
    /// The state of every loaded chain plus any other chain with a counter, for <c>/v1/chains/stats</c>.
    /// <see cref="ChainHealthSnapshot.Disabled"/> has the meaning of <see cref="IsDisabled"/>;
    /// <see cref="ChainHealthSnapshot.DisabledFor"/> is the time left when the counter (not the heartbeat) disables it.
    /// </summary>
    public IReadOnlyList<ChainHealthSnapshot> Snapshot()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var names = new SortedSet<string>(_chains, StringComparer.Ordinal);
            names.UnionWith(_counters.Keys);
            var result = new List<ChainHealthSnapshot>(names.Count);
            foreach (var chain in names)
            {
                var disabled = DisabledCore(chain, now, out var remaining) && _settings.Enabled;
                _counters.TryGetValue(chain, out var counter);
                result.Add(new ChainHealthSnapshot(
                    chain,
                    counter?.Failures ?? 0,
                    disabled,
                    counter?.LastFailure,
                    disabled ? remaining : null));
            }
            return result;
        }
    }

    // Upstream's check_autodisable_chain, without the enabled/strict gates (the callers apply those).
    // remaining is the time left on the counter's penalty, or null when the counter does not disable the chain.
    private bool DisabledCore(string chain, DateTimeOffset now, out TimeSpan? remaining)
    {
        remaining = null;
        var unhealthy = _heartbeat && !_healthy.Contains(chain);
        if (_counters.TryGetValue(chain, out var counter) && counter.Failures >= _settings.Failures)
        {
            var window = TimeSpan.FromSeconds((double)_settings.Interval + counter.Increase);
            var left = window - (now - counter.LastFailure);
            if (left > TimeSpan.Zero)
            {
                remaining = left;
                return true;
            }
        }
        return unhealthy;
    }

    private sealed class Counter
    {
        public int Failures { get; set; }

        public int Increase { get; set; }

        public DateTimeOffset LastFailure { get; set; }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Chain {Chain} failed as a tail: {Failures} failure(s), penalty {Increase} s")]
    private static partial void LogChainFailure(ILogger logger, string chain, int failures, int increase);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Chain {Chain} disabled by smart timeouts after {Failures} failure(s) for {Seconds} s")]
    private static partial void LogChainDisabled(ILogger logger, string chain, int failures, double seconds);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Chain {Chain} answered; its failure counter ({Failures}) is cleared")]
    private static partial void LogChainCleared(ILogger logger, string chain, int failures);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Chain {Chain} failed its heartbeat and is disabled")]
    private static partial void LogChainUnhealthy(ILogger logger, string chain);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Information, Message = "Chain {Chain} passed its heartbeat again")]
    private static partial void LogChainHealthy(ILogger logger, string chain);
}
