using Microsoft.Extensions.Time.Testing;
using Overlord.Service.Jails;
using Overlord.Service.Jails.Polling;

namespace Overlord.Service.Tests.Jails;

public sealed class JailHostCacheTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void VanishedJailsLoseTheirDataAndNewOnesStartEmpty()
    {
        var cache = new JailHostCache(_time);
        cache.SetJails(["a", "b"]);
        cache.UpdateJails([new("a", s => s with { Cpuset = "0" }), new("b", s => s with { Cpuset = "1" })]);

        cache.SetJails(["b", "c"]);

        var snapshot = cache.Current;
        Assert.Equal(["b", "c"], snapshot.Jails);
        Assert.False(snapshot.JailStates.ContainsKey("a"));
        Assert.Equal("1", snapshot.StateOf("b").Cpuset);
        Assert.Same(JailState.Empty, snapshot.StateOf("c"));
    }

    [Fact]
    public void UpdatesForJailsThatVanishedMidCycleAreDropped()
    {
        var cache = new JailHostCache(_time);
        cache.SetJails(["a"]);

        cache.UpdateJails([new("gone", s => s with { Cpuset = "0" })]);

        Assert.False(cache.Current.JailStates.ContainsKey("gone"));
    }

    [Fact]
    public void ReadersKeepTheSnapshotTheyHold()
    {
        var cache = new JailHostCache(_time);
        cache.SetJails(["a"]);
        var before = cache.Current;

        cache.UpdateJails([new("a", s => s with { Info = new Dictionary<string, string> { ["name"] = "a" } })]);

        Assert.Null(before.StateOf("a").Info);
        Assert.NotNull(cache.Current.StateOf("a").Info);
    }

    [Fact]
    public void ProjectGcDropsDescribeData()
    {
        var cache = new JailHostCache(_time);
        cache.SetProjects(["p", "q"]);
        cache.SetProjectInfo([new("p", new DirectorDescription("p", "DONE", null, false, [])), new("zz", new DirectorDescription("zz", "DONE", null, false, []))]);

        Assert.True(cache.Current.ProjectInfo.ContainsKey("p"));
        Assert.False(cache.Current.ProjectInfo.ContainsKey("zz"));
        cache.SetProjects(["q"]);
        Assert.Empty(cache.Current.ProjectInfo);
        Assert.True(cache.Current.HasProject("q"));
    }

    [Fact]
    public void StampsAreKeptPerEntity()
    {
        var cache = new JailHostCache(_time);
        cache.Touch(PollEntity.Devfs);

        Assert.Equal(_time.GetUtcNow(), cache.LastAsked(PollEntity.Devfs));
        Assert.Null(cache.LastAsked(PollEntity.Nat));
        _time.Advance(TimeSpan.FromSeconds(3));
        cache.TouchAll();
        Assert.All(Enum.GetValues<PollEntity>(), e => Assert.Equal(_time.GetUtcNow(), cache.LastAsked(e)));
    }

    [Fact]
    public async Task ConcurrentWritersNeverLoseAnUpdate()
    {
        var cache = new JailHostCache(_time);
        var jails = Enumerable.Range(0, 64).Select(i => "j" + i).ToArray();
        cache.SetJails(jails);

        await Task.WhenAll(jails.Select(j => Task.Run(() => cache.UpdateJails([new(j, s => s with { Cpuset = j })]), TestContext.Current.CancellationToken)));

        Assert.All(jails, j => Assert.Equal(j, cache.Current.StateOf(j).Cpuset));
    }
}
