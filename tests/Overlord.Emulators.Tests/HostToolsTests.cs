namespace Overlord.Emulators.Tests;

public sealed class HostToolsTests : EmuFixture
{
    [Fact]
    public async Task Rctl_prints_25_resources_in_order_with_usage_overrides()
    {
        Host.AddJail("web1").Running().Usage(new Dictionary<string, long> { ["memoryuse"] = 52465664, ["pcpu"] = 3 });
        var r = await Run("rctl", "-u", "jail:web1");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            ["cputime", "datasize", "stacksize", "coredumpsize", "memoryuse", "memorylocked", "maxproc", "openfiles",
             "vmemoryuse", "pseudoterminals", "swapuse", "nthr", "msgqqueued", "msgqsize", "nmsgq", "nsem", "nsemop",
             "nshm", "shmsize", "wallclock", "pcpu", "readbps", "writebps", "readiops", "writeiops"],
            lines.Select(l => l[..l.IndexOf('=')]));
        Assert.All(lines, l => Assert.True(long.TryParse(l[(l.IndexOf('=') + 1)..], out _), l));
        Assert.Contains("memoryuse=52465664", lines);
        Assert.Contains("pcpu=3", lines);
        Assert.Equal(r.Stdout, (await Run("rctl", "-u", "jail:web1")).Stdout);
    }

    [Fact]
    public async Task Rctl_on_a_stopped_jail_fails_like_rctl()
    {
        Host.AddJail("idle");
        var r = await Run("rctl", "-u", "jail:idle");
        Assert.Equal((1, "", "rctl: failed to show resource consumption for 'jail:idle': No such process\n"), (r.ExitCode, r.Stdout, r.Stderr));
    }

    [Fact]
    public async Task Sysctl_values_and_unknown_oid()
    {
        Assert.Equal("1\n", (await Run("sysctl", "-n", "kern.racct.enable")).Stdout);
        Assert.Equal("10000\n65535\n", (await Run("sysctl", "-n", "net.inet.ip.portrange.first", "net.inet.ip.portrange.last")).Stdout);
        var bad = await Run("sysctl", "-n", "kern.nope");
        Assert.Equal((1, "sysctl: unknown oid 'kern.nope'\n"), (bad.ExitCode, bad.Stderr));
    }
}
