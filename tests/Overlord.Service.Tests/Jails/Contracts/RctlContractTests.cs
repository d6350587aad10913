using Overlord.Core.Config;
using Overlord.Emulators;
using Overlord.Service.Jails;
using Overlord.Service.Jails.Tools;

namespace Overlord.Service.Tests.Jails.Contracts;

/// <summary>
/// The rctl/sysctl contract (H1, H2 and §6) through the product's <see cref="RctlDriver"/>: against the emulator by
/// default, against the real tools with <c>OVERLORD_REAL_JAILS=1</c> (RACCT must be enabled there).
/// </summary>
public sealed class RctlContractTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RacctIsReportedEnabled()
    {
        using var host = ToolHost.Create();

        Assert.True(await host.Rctl.IsEnabledAsync(Ct));
    }

    [Fact]
    public async Task UsageOfARunningJailListsEveryResourceInRctlOrder()
    {
        using var host = ToolHost.Create();
        var jail = ToolHost.NewName("j");
        var run = await host.UpAsync(ToolHost.NewName("p"), ToolHost.DirectorFile(host.Makejail(), new Dictionary<string, string?> { ["app"] = jail }), cancellationToken: Ct);
        Assert.Equal(0, run.ExitCode);
        host.Emulator?.SetUsage(jail, new Dictionary<string, long> { ["memoryuse"] = 52465664, ["maxproc"] = 9 });

        var usage = await host.Rctl.GetUsageAsync(jail, Ct);

        // rctl's fixed order is upstream's keyword list with msgqsize after msgqqueued.
        Assert.Equal(PollingKeywordLists.Stats, usage.Keys);
        Assert.All(usage.Values, v => Assert.True(v >= 0));
        if (host.Emulator is not null)
        {
            Assert.Equal((52465664L, 9L), (usage["memoryuse"], usage["maxproc"]));
        }
        else
        {
            Assert.True(usage["memoryuse"] > 0);
        }
    }

    [Fact]
    public async Task RacctTurnedOffReadsDisabled()
    {
        using var host = ToolHost.Create();
        host.RequireEmulator().AddFault(new FaultRule("sysctl", "racct=0"));

        Assert.False(await host.Rctl.IsEnabledAsync(Ct));
    }

    [Fact]
    public async Task RctlRefusingIsATypedFailureWithItsMessage()
    {
        using var host = ToolHost.Create();
        var emulator = host.RequireEmulator();
        emulator.AddJail("web1").Running();
        emulator.AddFault(new FaultRule("rctl", "rctl-off"));

        var error = await Assert.ThrowsAsync<ToolFailedException>(() => host.Rctl.GetUsageAsync("web1", Ct));

        Assert.Equal(1, error.Result.ExitCode);
        Assert.Contains("RACCT/RCTL", error.Message, StringComparison.Ordinal);
    }
}
