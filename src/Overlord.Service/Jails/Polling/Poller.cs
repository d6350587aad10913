using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Overlord.Core.Config;
using Overlord.Service.Jails.Tools;

namespace Overlord.Service.Jails.Polling;

/// <summary>
/// The one poll loop, instantiated per <see cref="IPollKind"/> (upstream runs each as its own <c>overlord poll-*</c>
/// process): check the adaptive gates, refresh what is due, sleep the kind's interval plus a random
/// <c>polling.skew</c>, repeat. A failing item keeps its previous data; a missing tool or driver is logged once and
/// retried every cycle, so the node runs on a machine without AppJail. Cycles never overlap, also when a test or a
/// benchmark drives <see cref="PollOnceAsync"/> beside the loop.
/// </summary>
public sealed partial class Poller : BackgroundService
{
    private readonly IPollKind _kind;
    private readonly JailDrivers _drivers;
    private readonly PollingSkew _skew;
    private readonly int _maxParallelism;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ILogger<Poller> _logger;
    private readonly AdaptiveGate[] _gates;
    private readonly SemaphoreSlim _cycle = new(1, 1);
    // Items whose last refresh failed: warned once, then quiet until they recover.
    private readonly ConcurrentDictionary<string, byte> _failing = new(StringComparer.Ordinal);
    private PollOutcome? _lastTrouble;
    private PollCycleMetrics? _lastCycle;
    private long _cycles;

    /// <summary>Creates the poller for <paramref name="kind"/>.</summary>
    /// <param name="kind">What to refresh.</param>
    /// <param name="cache">Holds the adaptive stamps.</param>
    /// <param name="drivers">Tool drivers, resolved lazily.</param>
    /// <param name="config">The node config (<c>polling.skew</c>, <c>polling.adaptive</c>).</param>
    /// <param name="options">Parallelism.</param>
    /// <param name="time">Clock for sleeps and stamps.</param>
    /// <param name="logger">Log sink.</param>
    /// <param name="random">Source of the skew; <see cref="Random.Shared"/> when null.</param>
    public Poller(
        IPollKind kind,
        JailHostCache cache,
        JailDrivers drivers,
        NodeConfig config,
        IOptions<JailPollingOptions> options,
        TimeProvider time,
        ILogger<Poller> logger,
        Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        _kind = kind;
        _drivers = drivers;
        _skew = config.Polling.Skew;
        _maxParallelism = Math.Max(1, options.Value.MaxParallelism);
        _time = time;
        _logger = logger;
        _random = random ?? Random.Shared;
        _gates = [.. kind.Entities.Select(e => new AdaptiveGate(e, cache, config.Polling.Adaptive))];
    }

    /// <summary>The kind's name, e.g. <c>jail_info</c>.</summary>
    public string Name => _kind.Name;

    /// <summary>The last finished cycle; null before the first.</summary>
    public PollCycleMetrics? LastCycle => Volatile.Read(ref _lastCycle);

    /// <summary>Cycles finished since start.</summary>
    public long Cycles => Interlocked.Read(ref _cycles);

    /// <summary>The adaptive gates, one per entity (for diagnostics and tests).</summary>
    public IReadOnlyList<AdaptiveGate> Gates => _gates;

    /// <summary>The sleep after a cycle: the kind's interval plus a whole number of seconds drawn from <c>polling.skew</c>.</summary>
    public TimeSpan NextSleep()
    {
        return TimeSpan.FromSeconds(Math.Max(0, _kind.IntervalSeconds) + _skew.Draw(_random));
    }

    /// <summary>Runs one cycle now (waiting for a running one to finish first) and returns what it did.</summary>
    public async Task<PollCycleMetrics> PollOnceAsync(CancellationToken cancellationToken)
    {
        await _cycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var metrics = await RunCycleAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _lastCycle, metrics);
            Interlocked.Increment(ref _cycles);
            return metrics;
        }
        finally
        {
            _cycle.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The loop must outlive any one bad cycle; RunCycleAsync already logged it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogCycleCrashed(_logger, Name, ex);
            }
            try
            {
                await Task.Delay(NextSleep(), _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private async Task<PollCycleMetrics> RunCycleAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        var clock = _time.GetTimestamp();
        PollCycleMetrics Done(PollOutcome outcome, IReadOnlyCollection<PollEntity> due, PollCycle? cycle = null) =>
            new(Name, started, _time.GetElapsedTime(clock), due, cycle?.Items ?? 0, cycle?.Failures ?? 0, outcome);

        if (_kind.MissingDriver(_drivers) is { } missing)
        {
            Trouble(PollOutcome.NoDriver, () => LogNoDriver(_logger, Name, missing));
            return Done(PollOutcome.NoDriver, []);
        }
        var due = _gates.Where(g => g.ShouldPoll(started)).Select(g => g.Entity).ToHashSet();
        if (due.Count == 0)
        {
            return Done(PollOutcome.Skipped, due);
        }
        var cycle = new PollCycle(due, _drivers, _maxParallelism, ItemFailed, ItemSucceeded);
        try
        {
            await _kind.RefreshAsync(cycle, cancellationToken).ConfigureAwait(false);
        }
        catch (ToolNotFoundException ex)
        {
            Trouble(PollOutcome.ToolMissing, () => LogToolMissing(_logger, Name, ex.Message));
            return Done(PollOutcome.ToolMissing, due, cycle);
        }
        catch (PollUnavailableException ex)
        {
            Trouble(PollOutcome.Failed, () => LogUnavailable(_logger, Name, ex.Message));
            return Done(PollOutcome.Failed, due, cycle);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Trouble(PollOutcome.Failed, () => LogCycleFailed(_logger, Name, ex));
            return Done(PollOutcome.Failed, due, cycle);
        }
        if (_lastTrouble is not null)
        {
            _lastTrouble = null;
            LogRecovered(_logger, Name);
        }
        LogCycle(_logger, Name, cycle.Items, cycle.Failures);
        return Done(PollOutcome.Completed, due, cycle);
    }

    // Logs a cycle-level problem when it starts or changes, not on every retry.
    private void Trouble(PollOutcome outcome, Action log)
    {
        if (_lastTrouble != outcome)
        {
            _lastTrouble = outcome;
            log();
        }
    }

    private void ItemFailed(string item, Exception ex)
    {
        if (_failing.TryAdd(item, 0))
        {
            LogItemFailed(_logger, Name, item, ex.Message);
        }
        else
        {
            LogItemStillFailing(_logger, Name, item, ex.Message);
        }
    }

    private void ItemSucceeded(string item)
    {
        if (!_failing.IsEmpty && _failing.TryRemove(item, out _))
        {
            LogItemRecovered(_logger, Name, item);
        }
    }

    [LoggerMessage(EventId = 3401, Level = LogLevel.Information, Message = "Poller {Poller} is idle: {Missing} is not registered on this node")]
    private static partial void LogNoDriver(ILogger logger, string poller, string missing);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Warning, Message = "Poller {Poller}: tool missing, retrying every cycle: {Error}")]
    private static partial void LogToolMissing(ILogger logger, string poller, string error);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Warning, Message = "Poller {Poller}: cannot poll now, retrying every cycle: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string poller, string reason);

    [LoggerMessage(EventId = 3404, Level = LogLevel.Error, Message = "Poller {Poller}: cycle failed; keeping the previous data")]
    private static partial void LogCycleFailed(ILogger logger, string poller, Exception exception);

    [LoggerMessage(EventId = 3405, Level = LogLevel.Information, Message = "Poller {Poller} is polling again")]
    private static partial void LogRecovered(ILogger logger, string poller);

    [LoggerMessage(EventId = 3406, Level = LogLevel.Warning, Message = "Poller {Poller}: {Item} failed, keeping its previous data (further failures at Debug): {Error}")]
    private static partial void LogItemFailed(ILogger logger, string poller, string item, string error);

    [LoggerMessage(EventId = 3407, Level = LogLevel.Debug, Message = "Poller {Poller}: {Item} still failing: {Error}")]
    private static partial void LogItemStillFailing(ILogger logger, string poller, string item, string error);

    [LoggerMessage(EventId = 3408, Level = LogLevel.Information, Message = "Poller {Poller}: {Item} recovered")]
    private static partial void LogItemRecovered(ILogger logger, string poller, string item);

    [LoggerMessage(EventId = 3409, Level = LogLevel.Debug, Message = "Poller {Poller}: cycle done, {Items} item(s), {Failures} failure(s)")]
    private static partial void LogCycle(ILogger logger, string poller, int items, int failures);

    [LoggerMessage(EventId = 3410, Level = LogLevel.Error, Message = "Poller {Poller}: unexpected error in the loop")]
    private static partial void LogCycleCrashed(ILogger logger, string poller, Exception exception);

    /// <inheritdoc />
    public override void Dispose()
    {
        _cycle.Dispose();
        base.Dispose();
    }
}

/// <summary>A whole cycle cannot run for a known, non-exceptional reason (e.g. RACCT is off); logged once, retried.</summary>
public sealed class PollUnavailableException(string message) : Exception(message);

/// <summary>Tuning of the jail pollers.</summary>
public sealed class JailPollingOptions
{
    /// <summary>Per-jail (or per-project) tool calls that may run at once in one cycle; bounded so a large host finishes a cycle fast without a process storm.</summary>
    public int MaxParallelism { get; set; } = 4;
}
