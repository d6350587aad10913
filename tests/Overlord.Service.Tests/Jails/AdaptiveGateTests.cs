using Microsoft.Extensions.Time.Testing;
using Overlord.Core.Config;
using Overlord.Service.Jails.Polling;

namespace Overlord.Service.Tests.Jails;

/// <summary>Upstream's check_adaptive_polling, rule by rule (§5.6), with the default 180/900/900/86400.</summary>
public sealed class AdaptiveGateTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly JailHostCache _cache;
    private readonly AdaptiveGate _gate;

    public AdaptiveGateTests()
    {
        _cache = new JailHostCache(_time);
        _gate = new AdaptiveGate(PollEntity.JailInfo, _cache, new AdaptivePollingConfig());
    }

    private bool Poll() => _gate.ShouldPoll(_time.GetUtcNow());

    [Fact]
    public void NoStampStampsAndPolls()
    {
        Assert.Null(_cache.LastAsked(PollEntity.JailInfo));

        Assert.True(Poll());
        Assert.Equal(_time.GetUtcNow(), _cache.LastAsked(PollEntity.JailInfo));
    }

    [Fact]
    public void WithinThePollWindowItAlwaysPollsAndClearsThePenalty()
    {
        _cache.Touch(PollEntity.JailInfo);
        _time.Advance(TimeSpan.FromSeconds(179.9));

        Assert.True(Poll());
        Assert.Equal(0, _gate.Penalty);
    }

    [Fact]
    public void IdleItemsArePolledAtGrowingIntervals()
    {
        _cache.Touch(PollEntity.JailInfo);

        _time.Advance(TimeSpan.FromSeconds(180));
        Assert.False(Poll()); // past the window, below max_idle 900
        _time.Advance(TimeSpan.FromSeconds(720));
        Assert.True(Poll()); // idle 900 ≥ 900 + 0×900
        Assert.Equal(1, _gate.Penalty);
        _time.Advance(TimeSpan.FromSeconds(899));
        Assert.False(Poll()); // idle 1799 < 1800
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(Poll()); // idle 1800 ≥ 900 + 1×900
        Assert.Equal(2, _gate.Penalty);
    }

    [Fact]
    public void AReadResetsThePenalty()
    {
        _cache.Touch(PollEntity.JailInfo);
        _time.Advance(TimeSpan.FromSeconds(900));
        Assert.True(Poll());
        Assert.Equal(1, _gate.Penalty);

        _cache.Touch(PollEntity.JailInfo);
        Assert.True(Poll());
        Assert.Equal(0, _gate.Penalty);
    }

    [Fact]
    public void ReachingMaxIdlePenaltyRenewsTheStampAndPolls()
    {
        var gate = new AdaptiveGate(PollEntity.JailInfo, _cache, new AdaptivePollingConfig { PollWindow = 10, MaxIdle = 20, IdlePenalty = 20, MaxIdlePenalty = 40 });
        _cache.Touch(PollEntity.JailInfo);
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(gate.ShouldPoll(_time.GetUtcNow())); // penalty → 1, limit now min(40, 40) = cap
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(gate.ShouldPoll(_time.GetUtcNow()));
        Assert.Equal(_time.GetUtcNow(), _cache.LastAsked(PollEntity.JailInfo));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(gate.ShouldPoll(_time.GetUtcNow())); // inside the new window
        Assert.Equal(0, gate.Penalty);
    }

    [Fact]
    public void IdleSecondsAreTruncatedLikePythonInt()
    {
        _cache.Touch(PollEntity.JailInfo);
        _time.Advance(TimeSpan.FromSeconds(899.99));

        Assert.False(Poll());
    }
}
