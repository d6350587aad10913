using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Overlord.Core.Config;
using Overlord.Service.Chains;

namespace Overlord.Service.Tests.Chains;

public sealed class HeartbeatServiceTests
{
    private readonly ProbedTime _time = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, ChainConfig> Chains = new(StringComparer.Ordinal)
    {
        ["alpha"] = TestConfigs.Chain(),
        ["beta"] = TestConfigs.Chain(),
        ["gamma"] = TestConfigs.Chain() with { Disable = true },
    };

    private (HeartbeatService Service, ChainHealth Health) Create(IChainPinger pinger, int? heartbeat = 30)
    {
        var config = TestConfigs.Node(Chains, heartbeat: heartbeat, skew: new PollingSkew(6, 10));
        var health = new ChainHealth(config, _time, NullLogger<ChainHealth>.Instance);
        var service = new HeartbeatService(config, health, pinger, _time, NullLogger<HeartbeatService>.Instance, new Random(7));
        return (service, health);
    }

    [Fact]
    public async Task PublishesEachRoundsSuccessesAndSleepsHeartbeatPlusSkew()
    {
        var pinger = new ScriptedPinger(
            (chain, round) => (chain, round) switch
            {
                ("alpha", 1) => Task.FromResult(true),
                ("beta", 1) => Task.FromResult(false),
                ("alpha", _) => throw new HttpRequestException("Connection refused"),
                _ => Task.FromResult(true),
            });
        var (service, health) = Create(pinger);

        await service.StartAsync(_ct);
        var firstSleep = await _time.NextTimerAsync(_ct);

        Assert.InRange(firstSleep, TimeSpan.FromSeconds(36), TimeSpan.FromSeconds(40));
        Assert.False(health.IsDisabled("alpha"));
        Assert.True(health.IsDisabled("beta"));
        Assert.Equal(["alpha", "beta"], pinger.Pinged.Keys.Order(StringComparer.Ordinal));

        _time.Advance(firstSleep);
        var secondSleep = await _time.NextTimerAsync(_ct);

        Assert.InRange(secondSleep, TimeSpan.FromSeconds(36), TimeSpan.FromSeconds(40));
        Assert.True(health.IsDisabled("alpha"));
        Assert.False(health.IsDisabled("beta"));
        Assert.Equal(2, pinger.Pinged["alpha"]);
        Assert.False(pinger.Pinged.ContainsKey("gamma"));

        await service.StopAsync(_ct);
        Assert.True(service.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task StopsPromptlyWhilePinging()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pinger = new ScriptedPinger(async (_, _, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return true;
        });
        var (service, health) = Create(pinger);

        await service.StartAsync(_ct);
        await started.Task.WaitAsync(_ct);
        await service.StopAsync(_ct);

        Assert.True(service.ExecuteTask!.IsCompletedSuccessfully);
        // A round cut short by shutdown publishes nothing: the start-up "all healthy" set stands.
        Assert.False(health.IsDisabled("alpha"));
        Assert.False(health.IsDisabled("beta"));
    }

    [Fact]
    public async Task StopsPromptlyWhileSleeping()
    {
        var pinger = new ScriptedPinger((_, _) => Task.FromResult(true));
        var (service, _) = Create(pinger);

        await service.StartAsync(_ct);
        await _time.NextTimerAsync(_ct);
        await service.StopAsync(_ct);

        Assert.True(service.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Equal(1, pinger.Pinged["alpha"]);
    }

    [Fact]
    public async Task OffWhenHeartbeatIsNull()
    {
        var pinger = new ScriptedPinger((_, _) => Task.FromResult(false));
        var (service, health) = Create(pinger, heartbeat: null);

        await service.StartAsync(_ct);
        await service.ExecuteTask!.WaitAsync(_ct);
        await service.StopAsync(_ct);

        Assert.Empty(pinger.Pinged);
        Assert.False(health.IsDisabled("alpha"));
    }

    [Fact]
    public void SleepIsHeartbeatPlusAWholeSkewWithinBounds()
    {
        var (service, _) = Create(new ScriptedPinger((_, _) => Task.FromResult(true)));

        var sleeps = Enumerable.Range(0, 200).Select(_ => service.NextSleep()).ToHashSet();

        Assert.All(sleeps, s => Assert.InRange(s.TotalSeconds, 36, 40));
        Assert.All(sleeps, s => Assert.Equal(0, s.TotalSeconds % 1));
    }

    private sealed class ScriptedPinger : IChainPinger
    {
        private readonly Func<string, int, CancellationToken, Task<bool>> _answer;

        public ScriptedPinger(Func<string, int, Task<bool>> answer) => _answer = (chain, round, _) => answer(chain, round);

        public ScriptedPinger(Func<string, int, CancellationToken, Task<bool>> answer) => _answer = answer;

        public ConcurrentDictionary<string, int> Pinged { get; } = new(StringComparer.Ordinal);

        public Task<bool> PingAsync(string chain, CancellationToken ct)
        {
            var round = Pinged.AddOrUpdate(chain, 1, (_, n) => n + 1);
            return _answer(chain, round, ct);
        }
    }
}
