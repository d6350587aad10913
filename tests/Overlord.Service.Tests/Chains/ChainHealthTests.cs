using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Overlord.Core.Config;
using Overlord.Service.Chains;

namespace Overlord.Service.Tests.Chains;

public sealed class ChainHealthTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    private ChainHealth Create(AutodisableConfig? autodisable = null, int? heartbeat = null, IReadOnlyDictionary<string, ChainConfig>? chains = null) =>
        new(TestConfigs.Node(chains, autodisable, heartbeat), _time, NullLogger<ChainHealth>.Instance);

    private static ChainHealthSnapshot Of(ChainHealth health, string chain) => health.Snapshot().Single(s => s.Chain == chain);

    [Fact]
    public void FirstFailureIsHarmless()
    {
        var health = Create();

        health.RecordFailure("alpha");

        Assert.False(health.IsDisabled("alpha"));
        Assert.False(health.ShouldRefuse("alpha"));
        var snapshot = Of(health, "alpha");
        Assert.Equal(1, snapshot.Failures);
        Assert.Equal(_time.GetUtcNow(), snapshot.LastFailure);
        Assert.False(snapshot.Disabled);
        Assert.Null(snapshot.DisabledFor);
    }

    [Fact]
    public void DisabledAfterFailuresThenReenabledAfterIntervalPlusIncrease()
    {
        var health = Create();

        health.RecordFailure("alpha");
        _time.Advance(TimeSpan.FromSeconds(5));
        health.RecordFailure("alpha");

        // Second failure: failures 2 ≥ 2, increase 60, so disabled for interval 60 + 60 from the last failure.
        Assert.True(health.IsDisabled("alpha"));
        Assert.True(health.ShouldRefuse("alpha"));
        Assert.False(health.IsDisabled("beta"));
        Assert.Equal(TimeSpan.FromSeconds(120), Of(health, "alpha").DisabledFor);

        _time.Advance(TimeSpan.FromSeconds(119));
        Assert.True(health.IsDisabled("alpha"));
        Assert.Equal(TimeSpan.FromSeconds(1), Of(health, "alpha").DisabledFor);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(health.IsDisabled("alpha"));
        Assert.False(health.ShouldRefuse("alpha"));
        // Re-enabled is not forgotten: the counter stays until a success.
        Assert.Equal(2, Of(health, "alpha").Failures);
    }

    [Fact]
    public void AFailureAfterTheWindowDisablesAgainWithALongerPenalty()
    {
        var health = Create();
        health.RecordFailure("alpha");
        health.RecordFailure("alpha");
        _time.Advance(TimeSpan.FromSeconds(120));
        Assert.False(health.IsDisabled("alpha"));

        health.RecordFailure("alpha");

        Assert.True(health.IsDisabled("alpha"));
        Assert.Equal(TimeSpan.FromSeconds(60 + 120), Of(health, "alpha").DisabledFor);
    }

    [Fact]
    public void IncreaseGrowsByIncreaseAndStopsAtMaxIncrease()
    {
        var health = Create();
        var penalties = new List<double>();
        for (var failure = 1; failure <= 40; failure++)
        {
            health.RecordFailure("alpha");
            penalties.Add(Of(health, "alpha").DisabledFor?.TotalSeconds ?? 0);
        }

        // Defaults: 1st failure harmless, then 120 s, 180 s, ... up to 60 + 1800 s, where it stays.
        Assert.Equal([0, 120, 180, 240], penalties.Take(4));
        Assert.Equal(1860, penalties[30]);
        Assert.All(penalties.Skip(30), p => Assert.Equal(1860, p));
        Assert.Equal(40, Of(health, "alpha").Failures);
    }

    [Fact]
    public void IncreaseOvershootsMaxIncreaseOnceLikeUpstream()
    {
        var health = Create(new AutodisableConfig { Increase = 700, MaxIncrease = 1800, Interval = 10 });

        var penalties = new List<double>();
        for (var failure = 1; failure <= 6; failure++)
        {
            health.RecordFailure("alpha");
            penalties.Add(Of(health, "alpha").DisabledFor?.TotalSeconds ?? 0);
        }

        // increase: 0, 700, 1400, 2100 (1400 < 1800 still adds), then stays; the first failure is harmless.
        Assert.Equal([0, 710, 1410, 2110, 2110, 2110], penalties);
    }

    [Fact]
    public void SuccessClearsTheCounter()
    {
        var health = Create();
        health.RecordFailure("alpha");
        health.RecordFailure("alpha");
        health.RecordFailure("alpha");
        Assert.True(health.IsDisabled("alpha"));

        health.RecordSuccess("alpha");

        Assert.False(health.IsDisabled("alpha"));
        var snapshot = Of(health, "alpha");
        Assert.Equal(0, snapshot.Failures);
        Assert.Null(snapshot.LastFailure);

        // Cleared means starting over: the next failure is harmless again.
        health.RecordFailure("alpha");
        Assert.False(health.IsDisabled("alpha"));
    }

    [Fact]
    public void HeartbeatHealthySetOverridesCounters()
    {
        var health = Create(heartbeat: 30);

        // Everything counts as healthy until the first heartbeat round.
        Assert.False(health.IsDisabled("alpha"));
        Assert.False(health.IsDisabled("beta"));

        health.SetHealthy(new HashSet<string>(["beta"]));
        Assert.True(health.IsDisabled("alpha"));
        Assert.True(health.ShouldRefuse("alpha"));
        Assert.False(health.IsDisabled("beta"));
        Assert.True(Of(health, "alpha").Disabled);
        Assert.Null(Of(health, "alpha").DisabledFor);

        // Healthy by heartbeat does not lift a counter's penalty.
        health.RecordFailure("beta");
        health.RecordFailure("beta");
        Assert.True(health.IsDisabled("beta"));

        health.SetHealthy(new HashSet<string>(["alpha", "beta"]));
        Assert.False(health.IsDisabled("alpha"));
        Assert.True(health.IsDisabled("beta"));
    }

    [Fact]
    public void HealthySetIsIgnoredWhileTheHeartbeatIsOff()
    {
        var health = Create(heartbeat: null);

        health.SetHealthy(new HashSet<string>());

        Assert.False(health.IsDisabled("alpha"));
    }

    [Fact]
    public void EnabledFalseNeverDisablesNorRefusesEvenWhenStrict()
    {
        // Upstream refuses with strict even when enabled is false (reference §7 item 18); we don't.
        var health = Create(new AutodisableConfig { Enabled = false, Strict = true }, heartbeat: 30);
        for (var i = 0; i < 5; i++)
        {
            health.RecordFailure("alpha");
        }
        health.SetHealthy(new HashSet<string>());

        Assert.False(health.IsDisabled("alpha"));
        Assert.False(health.ShouldRefuse("alpha"));
        Assert.False(Of(health, "alpha").Disabled);
        Assert.Equal(5, Of(health, "alpha").Failures);
    }

    [Fact]
    public void StrictFalseHidesButDoesNotRefuse()
    {
        var health = Create(new AutodisableConfig { Strict = false });
        health.RecordFailure("alpha");
        health.RecordFailure("alpha");

        Assert.True(health.IsDisabled("alpha"));
        Assert.False(health.ShouldRefuse("alpha"));
    }

    [Fact]
    public void FailuresThresholdIsConfigurable()
    {
        var health = Create(new AutodisableConfig { Failures = 3 });
        health.RecordFailure("alpha");
        health.RecordFailure("alpha");
        Assert.False(health.IsDisabled("alpha"));

        health.RecordFailure("alpha");
        Assert.True(health.IsDisabled("alpha"));
    }

    [Fact]
    public void SnapshotListsLoadedChainsInOrderButNotDisabledOnes()
    {
        var chains = new Dictionary<string, ChainConfig>(StringComparer.Ordinal)
        {
            ["zulu"] = TestConfigs.Chain(),
            ["alpha"] = TestConfigs.Chain(),
            ["off"] = TestConfigs.Chain() with { Disable = true },
        };
        var health = Create(chains: chains);

        Assert.Equal(["alpha", "zulu"], health.Snapshot().Select(s => s.Chain));
    }

    [Fact]
    public async Task CountersAreThreadSafe()
    {
        var health = Create();
        var ct = TestContext.Current.CancellationToken;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(
            () =>
            {
                for (var i = 0; i < 250; i++)
                {
                    health.RecordFailure("alpha");
                    _ = health.IsDisabled("alpha");
                    _ = health.Snapshot();
                }
            },
            ct)));

        Assert.Equal(2000, Of(health, "alpha").Failures);
    }
}
