using Microsoft.Extensions.Logging;
using Overlord.Core.Config;
using Overlord.Service.Jails;
using Overlord.Service.Jails.Polling;

namespace Overlord.Service.Tests.Jails;

/// <summary>Each poller kind through the one generic loop, with fake drivers.</summary>
public sealed class PollerTests : IDisposable
{
    private readonly PollerRig _rig = new();

    public void Dispose() => _rig.Dispose();

    private static readonly IReadOnlyDictionary<string, string?> DevfsEntry = new Dictionary<string, string?> { ["enabled"] = "1", ["name"] = null, ["rule"] = "path 'bpf*' unhide", ["nro"] = "0" };

    [Fact]
    public async Task JailsPollerListsAndDropsVanishedJails()
    {
        _rig.AppJail.Add("web").Add("db");
        await _rig.PollAsync("jails");
        await _rig.PollAsync("jail_info");
        Assert.Equal(["db", "web"], _rig.Cache.Current.Jails);
        Assert.NotNull(_rig.Cache.Current.StateOf("db").Info);

        _rig.AppJail.Jails.TryRemove("db", out _);
        var metrics = await _rig.PollAsync("jails");

        Assert.Equal(["web"], _rig.Cache.Current.Jails);
        Assert.False(_rig.Cache.Current.JailStates.ContainsKey("db"));
        Assert.Equal(PollOutcome.Completed, metrics.Outcome);
        Assert.Equal(1, metrics.Items);
    }

    [Fact]
    public async Task InfoPollerKeepsAFailingJailsPreviousDataAndWarnsOnce()
    {
        _rig.AppJail.Add("good").Add("bad");
        await _rig.PollAsync("jails");
        await _rig.PollAsync("jail_info");
        var before = _rig.Cache.Current.StateOf("bad").Info;

        _rig.AppJail.Failing["bad"] = 0;
        _rig.AppJail.Jails["good"] = _rig.AppJail.Jails["good"] with { Info = new() { ["name"] = "good", ["status"] = "DOWN" } };
        var first = await _rig.PollAsync("jail_info");
        var second = await _rig.PollAsync("jail_info");

        Assert.Same(before, _rig.Cache.Current.StateOf("bad").Info);
        Assert.Equal("DOWN", _rig.Cache.Current.StateOf("good").Info!["status"]);
        Assert.Equal((2, 1), (first.Items, first.Failures));
        Assert.Equal(1, second.Failures);
        Assert.Equal(1, _rig.Logs.Lines.Count(l => l.EventId == 3406 && l.Level == LogLevel.Warning)); // warned once
        Assert.Equal(1, _rig.Logs.Count(3407)); // then quiet at Debug

        _rig.AppJail.Failing.TryRemove("bad", out _);
        await _rig.PollAsync("jail_info");
        Assert.Equal(1, _rig.Logs.Count(3408));
    }

    [Fact]
    public async Task InfoUsesTheConfiguredKeywords()
    {
        using var rig = new PollerRig(configure: c => c with { Polling = c.Polling with { Keywords = c.Polling.Keywords with { Jail = ["status"] } } });
        rig.AppJail.Add("web");
        await rig.PollAsync("jails");
        await rig.PollAsync("jail_info");

        Assert.Equal(["status"], rig.Cache.Current.StateOf("web").Info!.Keys);
    }

    [Fact]
    public async Task AMissingToolIsLoggedOnceAndRetried()
    {
        _rig.Director.Missing = true;

        var first = await _rig.PollAsync("projects");
        await _rig.PollAsync("projects");

        Assert.Equal(PollOutcome.ToolMissing, first.Outcome);
        Assert.Equal(1, _rig.Logs.Count(3402));
        _rig.Director.Missing = false;
        _rig.Director.Add("wiki");
        Assert.Equal(PollOutcome.Completed, (await _rig.PollAsync("projects")).Outcome);
        Assert.Equal(["wiki"], _rig.Cache.Current.Projects);
    }

    [Fact]
    public async Task AMissingToolForPerJailCallsEndsTheCycle()
    {
        _rig.AppJail.Add("a").Add("b");
        await _rig.PollAsync("jails");
        _rig.AppJail.Missing = true;

        var metrics = await _rig.PollAsync("jail_info");

        Assert.Equal(PollOutcome.ToolMissing, metrics.Outcome);
        Assert.Equal(0, metrics.Failures);
    }

    [Fact]
    public async Task WithoutDriversEveryPollerIsIdleAndSaysSoOnce()
    {
        using var rig = new PollerRig(drivers: false);

        foreach (var _ in Enumerable.Range(0, 2))
        {
            Assert.All(await rig.Pollers.PollAllOnceAsync(TestContext.Current.CancellationToken), m => Assert.Equal(PollOutcome.NoDriver, m.Outcome));
        }
        Assert.Equal(6, rig.Logs.Lines.Count(l => l.EventId == 3401 && l.Level == LogLevel.Information));
    }

    [Fact]
    public async Task StatsOnlyForRunningJailsAndStoppedJailsLoseThem()
    {
        _rig.AppJail.Add("up").Add("down", new FakeJail { Status = JailStatus.Stopped });
        await _rig.PollAsync("jails");
        await _rig.PollAsync("jail_stats");

        Assert.Equal(1024, _rig.Cache.Current.StateOf("up").Stats!["memoryuse"]);
        Assert.Null(_rig.Cache.Current.StateOf("down").Stats);

        _rig.AppJail.Jails["up"] = _rig.AppJail.Jails["up"] with { Status = JailStatus.Stopped };
        await _rig.PollAsync("jail_stats");
        Assert.Null(_rig.Cache.Current.StateOf("up").Stats);
    }

    [Fact]
    public async Task StatsAreFilteredToTheKeywordsInRctlOrder()
    {
        using var rig = new PollerRig(configure: c => c with { Polling = c.Polling with { Keywords = c.Polling.Keywords with { Stats = ["memoryuse", "pcpu"] } } });
        rig.AppJail.Add("j", new FakeJail { Usage = new() { ["pcpu"] = 3, ["cputime"] = 9, ["memoryuse"] = 7 } });
        await rig.PollAsync("jails");
        await rig.PollAsync("jail_stats");

        Assert.Equal(["pcpu", "memoryuse"], rig.Cache.Current.StateOf("j").Stats!.Keys);
    }

    [Fact]
    public async Task RacctOffSkipsStatsAndIsRecheckedPeriodically()
    {
        _rig.AppJail.Add("j");
        _rig.Rctl.Enabled = false;
        await _rig.PollAsync("jails");

        var off = await _rig.PollAsync("jail_stats");
        await _rig.PollAsync("jail_stats");

        Assert.Equal(PollOutcome.Failed, off.Outcome);
        Assert.Null(_rig.Cache.Current.StateOf("j").Stats);
        Assert.Equal(1, _rig.Rctl.EnabledChecks); // the answer is trusted for a while
        Assert.Equal(1, _rig.Logs.Count(3403));

        _rig.Rctl.Enabled = true;
        _rig.Time.Advance(TimeSpan.FromMinutes(5));
        _rig.Cache.Touch(PollEntity.JailStats);
        Assert.Equal(PollOutcome.Completed, (await _rig.PollAsync("jail_stats")).Outcome);
        Assert.Equal(2, _rig.Rctl.EnabledChecks);
        Assert.NotNull(_rig.Cache.Current.StateOf("j").Stats);
    }

    [Fact]
    public async Task ExtrasReadConfItemsOfAllJailsAndCpusetOfRunningOnes()
    {
        _rig.AppJail.Add("up", new FakeJail { Conf = { [JailConfItem.Devfs] = [DevfsEntry] } })
            .Add("down", new FakeJail { Status = JailStatus.Stopped, Conf = { [JailConfItem.Labels] = [new Dictionary<string, string?> { ["value"] = "1", ["name"] = "web" }] } });
        await _rig.PollAsync("jails");

        await _rig.PollAsync("jail_extras");

        var snapshot = _rig.Cache.Current;
        Assert.Equal("0, 1", snapshot.StateOf("up").Cpuset);
        Assert.Null(snapshot.StateOf("down").Cpuset);
        Assert.Equal([DevfsEntry], snapshot.StateOf("up").ConfOf(JailConfItem.Devfs)!);
        Assert.Null(snapshot.StateOf("up").ConfOf(JailConfItem.Nat)); // no conf/boot/nat: never stored
        Assert.Equal("web", snapshot.StateOf("down").ConfOf(JailConfItem.Labels)![0]["name"]);
    }

    [Fact]
    public async Task ExtrasHaveOneAdaptiveGatePerItem()
    {
        _rig.AppJail.Add("j", new FakeJail { Conf = { [JailConfItem.Devfs] = [DevfsEntry], [JailConfItem.Nat] = [] } });
        await _rig.PollAsync("jails");
        await _rig.PollAsync("jail_extras"); // stamps every item: polls within the window
        _rig.Time.Advance(TimeSpan.FromSeconds(600));
        _rig.Cache.Touch(PollEntity.Nat);

        var metrics = await _rig.PollAsync("jail_extras");

        Assert.Equal([PollEntity.Nat], metrics.Refreshed);
    }

    [Fact]
    public async Task AnIdleEntityIsSkipped()
    {
        _rig.AppJail.Add("j");
        await _rig.PollAsync("jails");
        await _rig.PollAsync("jail_info");
        var calls = _rig.AppJail.InfoCalls;
        _rig.Time.Advance(TimeSpan.FromSeconds(400));

        var metrics = await _rig.PollAsync("jail_info");

        Assert.Equal(PollOutcome.Skipped, metrics.Outcome);
        Assert.Equal(calls, _rig.AppJail.InfoCalls);
    }

    [Fact]
    public async Task ProjectPollersStoreDescribeWithTheLastLogBasename()
    {
        _rig.Director.Add("wiki", services: new DirectorService("db", 0, "wiki-db")).Add("blog", "UNFINISHED", null);
        await _rig.PollAsync("projects");
        await _rig.PollAsync("project_info");

        var snapshot = _rig.Cache.Current;
        Assert.Equal(["blog", "wiki"], snapshot.Projects);
        Assert.Equal("2025-06-14_09h41m07s", snapshot.ProjectInfo["wiki"].LastLog);
        Assert.Null(snapshot.ProjectInfo["blog"].LastLog);

        _rig.Director.Projects.TryRemove("wiki", out _);
        await _rig.PollAsync("projects");
        Assert.False(_rig.Cache.Current.ProjectInfo.ContainsKey("wiki"));
    }

    [Fact]
    public async Task AFiveHundredJailCycleRecordsItsMetrics()
    {
        for (var i = 0; i < 500; i++)
        {
            _rig.AppJail.Add($"j{i:000}");
        }
        _rig.AppJail.Failing["j007"] = 0;
        await _rig.PollAsync("jails");

        var metrics = await _rig.PollAsync("jail_info");

        Assert.Equal((500, 1, PollOutcome.Completed), (metrics.Items, metrics.Failures, metrics.Outcome));
        Assert.Equal("jail_info", metrics.Poller);
        Assert.Same(metrics, _rig.Pollers["jail_info"].LastCycle);
        Assert.Equal(499, _rig.Cache.Current.JailStates.Count(s => s.Value.Info is not null));
    }

    [Fact]
    public void SleepIsIntervalPlusSkew()
    {
        using var rig = new PollerRig(configure: c => c with { Polling = c.Polling with { Jails = 4, Skew = new PollingSkew(6, 10) } });
        var sleeps = Enumerable.Range(0, 200).Select(_ => rig.Pollers["jails"].NextSleep().TotalSeconds).ToHashSet();

        Assert.All(sleeps, s => Assert.InRange(s, 10, 14));
        Assert.True(sleeps.Count > 1);
    }

    [Fact]
    public async Task TheLoopPollsAtStartThenSleepsOnTheTimeProvider()
    {
        _rig.AppJail.Add("j");
        var poller = _rig.Pollers["jails"];
        await poller.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            await WaitForAsync(() => poller.Cycles == 1);
            _rig.AppJail.Add("k");
            // Advancing inside the wait: the loop may not have started its sleep yet when the first advance happens.
            var sleep = TimeSpan.FromSeconds(_rig.Config.Polling.Jails + _rig.Config.Polling.Skew.Max);
            await WaitForAsync(() => poller.Cycles >= 2, () => _rig.Time.Advance(sleep));
            Assert.Equal(["j", "k"], _rig.Cache.Current.Jails);
        }
        finally
        {
            await poller.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, Action? nudge = null)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            nudge?.Invoke();
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        Assert.True(condition());
    }
}
