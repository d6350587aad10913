using Overlord.Core.Config;

namespace Overlord.Service.Chains;

/// <summary>
/// The chain heartbeat (<c>polling.heartbeat</c>): pings every loaded child chain, publishes the ones that answered
/// to <see cref="ChainHealth.SetHealthy"/>, then sleeps <c>heartbeat</c> plus a random <c>polling.skew</c>. Off when
/// <c>polling.heartbeat</c> is null.
/// </summary>
/// <remarks>
/// Upstream runs this as its own process and pings the chains one after another; here the pings of one round run
/// concurrently, so one slow child does not delay the verdict on the others.
/// </remarks>
public sealed partial class HeartbeatService : BackgroundService
{
    private readonly int? _heartbeat;
    private readonly PollingSkew _skew;
    private readonly IReadOnlyList<string> _chains;
    private readonly ChainHealth _health;
    private readonly IChainPinger _pinger;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ILogger<HeartbeatService> _logger;

    /// <summary>Creates the heartbeat for the chains of <paramref name="config"/>.</summary>
    /// <param name="config">The node config.</param>
    /// <param name="health">Receives the healthy set of each round.</param>
    /// <param name="pinger">Pings one chain.</param>
    /// <param name="time">Clock for the sleeps.</param>
    /// <param name="logger">Log sink.</param>
    /// <param name="random">Source of the skew; <see cref="Random.Shared"/> when null.</param>
    public HeartbeatService(
        NodeConfig config,
        ChainHealth health,
        IChainPinger pinger,
        TimeProvider time,
        ILogger<HeartbeatService> logger,
        Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        _heartbeat = config.Polling.Heartbeat;
        _skew = config.Polling.Skew;
        _chains = config.Chains.Where(c => !c.Value.Disable).Select(c => c.Key).Order(StringComparer.Ordinal).ToArray();
        _health = health;
        _pinger = pinger;
        _time = time;
        _logger = logger;
        _random = random ?? Random.Shared;
    }

    /// <summary>The sleep after a round: <c>heartbeat</c> plus a whole number of seconds drawn from <c>polling.skew</c>.</summary>
    public TimeSpan NextSleep()
    {
        return TimeSpan.FromSeconds(Math.Max(0, _heartbeat ?? 0) + _skew.Draw(_random));
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_heartbeat is null)
        {
            LogOff(_logger);
            return;
        }
        // As upstream: everything is healthy until a round says otherwise.
        _health.SetHealthy(_chains.ToHashSet(StringComparer.Ordinal));
        LogStarted(_logger, _chains.Count, _heartbeat.Value);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var healthy = await RoundAsync(stoppingToken).ConfigureAwait(false);
                _health.SetHealthy(healthy);
                LogRound(_logger, healthy.Count, _chains.Count);
                await Task.Delay(NextSleep(), _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The heartbeat must outlive any one bad round.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogRoundFailed(_logger, ex);
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
        LogStopped(_logger);
    }

    private async Task<HashSet<string>> RoundAsync(CancellationToken stoppingToken)
    {
        var results = await Task.WhenAll(_chains.Select(chain => PingAsync(chain, stoppingToken))).ConfigureAwait(false);
        stoppingToken.ThrowIfCancellationRequested();
        return _chains.Where((_, i) => results[i]).ToHashSet(StringComparer.Ordinal);
    }

    private async Task<bool> PingAsync(string chain, CancellationToken stoppingToken)
    {
        try
        {
            var ok = await _pinger.PingAsync(chain, stoppingToken).ConfigureAwait(false);
            if (!ok)
            {
                LogPingFailed(_logger, chain, "not a success status");
            }
            return ok;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
#pragma warning disable CA1031 // Any failure to answer is an unhealthy chain, not a broken heartbeat.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogPingFailed(_logger, chain, ex.GetType().Name);
            return false;
        }
    }

    [LoggerMessage(EventId = 3301, Level = LogLevel.Debug, Message = "Chain heartbeat is off (polling.heartbeat is null)")]
    private static partial void LogOff(ILogger logger);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "Chain heartbeat started for {Count} chain(s) every {Seconds} s plus skew")]
    private static partial void LogStarted(ILogger logger, int count, int seconds);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Debug, Message = "Chain heartbeat round: {Healthy} of {Count} chain(s) healthy")]
    private static partial void LogRound(ILogger logger, int healthy, int count);

    [LoggerMessage(EventId = 3304, Level = LogLevel.Debug, Message = "Chain {Chain} failed its ping: {Error}")]
    private static partial void LogPingFailed(ILogger logger, string chain, string error);

    [LoggerMessage(EventId = 3305, Level = LogLevel.Error, Message = "Chain heartbeat round failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3306, Level = LogLevel.Information, Message = "Chain heartbeat stopped")]
    private static partial void LogStopped(ILogger logger);
}
