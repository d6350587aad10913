using System.Runtime.Versioning;
using Overlord.Core.Config;
using Overlord.Service.Jails;
using Overlord.Service.Jails.Tools;

namespace Overlord.Service.Tests.Jails.Drivers;

[SupportedOSPlatform("linux")]
public sealed class RctlDriverTests : IDisposable
{
    /// <summary><c>rctl -u jail:J</c> as FreeBSD prints it (contract §6).</summary>
    private const string FullUsage = """
        cputime=12
        datasize=4096000
        stacksize=0
        coredumpsize=0
        memoryuse=52465664
        memorylocked=0
        maxproc=9
        openfiles=1330
        vmemoryuse=1156644864
        pseudoterminals=0
        swapuse=0
        nthr=10
        msgqqueued=0
        msgqsize=0
        nmsgq=0
        nsem=0
        nsemop=0
        nshm=0
        shmsize=0
        wallclock=3754
        pcpu=0
        readbps=0
        writebps=0
        readiops=0
        writeiops=0

        """;

    private readonly ScriptDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RctlDriver Driver() => new(DriverConfig.Create(new ToolsConfig { Rctl = _dir.File("rctl"), Sysctl = _dir.File("sysctl") }), DriverConfig.Runner());

    [Fact]
    public async Task UsageIsEveryResourceInRctlsOrder()
    {
        _dir.FakeTool("rctl", FullUsage);

        var usage = await Driver().GetUsageAsync("web1", Ct);

        Assert.Equal(["-u", "jail:web1"], _dir.Argv("rctl"));
        Assert.Equal(PollingKeywordLists.Stats.Order(StringComparer.Ordinal), usage.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["cputime", "datasize", "stacksize"], usage.Keys.Take(3));
        Assert.Equal("writeiops", usage.Keys.Last());
        Assert.Equal((12L, 52465664L, 1156644864L, 3754L), (usage["cputime"], usage["memoryuse"], usage["vmemoryuse"], usage["wallclock"]));
    }

    [Fact]
    public async Task BlankLinesAndCrlfAreTolerated()
    {
        _dir.FakeTool("rctl", "\r\ncputime=1\r\n\r\n  pcpu=5  \r\n");

        var usage = await Driver().GetUsageAsync("web1", Ct);

        Assert.Equal([new("cputime", 1L), new KeyValuePair<string, long>("pcpu", 5L)], usage);
    }

    [Theory]
    [InlineData("memoryuse=4040K")]
    [InlineData("memoryuse")]
    [InlineData("=5")]
    [InlineData("memoryuse=")]
    public async Task AMalformedLineIsAnOutputErrorNamingIt(string line)
    {
        _dir.FakeTool("rctl", $"cputime=1\n{line}\n");

        var error = await Assert.ThrowsAsync<ToolOutputException>(() => Driver().GetUsageAsync("web1", Ct));

        Assert.Contains($"'{line}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANonZeroExitFails()
    {
        _dir.FakeTool("rctl", stderr: "rctl: RACCT/RCTL present, but disabled; enable using kern.racct.enable=1 tunable\n", exitCode: 1);

        var error = await Assert.ThrowsAsync<ToolFailedException>(() => Driver().GetUsageAsync("web1", Ct));

        Assert.Equal(1, error.Result.ExitCode);
        Assert.Contains("RACCT/RCTL present, but disabled", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1\n", 0, true)]
    [InlineData("0\n", 0, false)]
    [InlineData("", 1, false)]
    [InlineData("yes\n", 0, false)]
    public async Task RacctIsOnOnlyWhenSysctlPrintsOne(string stdout, int exitCode, bool enabled)
    {
        _dir.FakeTool("sysctl", stdout, exitCode == 0 ? "" : "sysctl: unknown oid 'kern.racct.enable'\n", exitCode);

        Assert.Equal(enabled, await Driver().IsEnabledAsync(Ct));
        Assert.Equal(["-n", "kern.racct.enable"], _dir.Argv("sysctl"));
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("web1 x")]
    [InlineData("")]
    public async Task AnInvalidJailNameNeverReachesRctl(string jail)
    {
        _dir.FakeTool("rctl", FullUsage);

        await Assert.ThrowsAsync<ArgumentException>(() => Driver().GetUsageAsync(jail, Ct));

        Assert.False(File.Exists(_dir.File("rctl.argv")));
    }
}
