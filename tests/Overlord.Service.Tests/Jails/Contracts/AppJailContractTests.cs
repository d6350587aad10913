using Overlord.Emulators;
using Overlord.Service.Jails;
using Overlord.Service.Jails.Tools;

namespace Overlord.Service.Tests.Jails.Contracts;

/// <summary>
/// The AppJail contract (A1–A4 and the jail files of §5.6) through the product's <see cref="AppJailDriver"/>: against
/// the emulator by default, against the real <c>appjail</c> with <c>OVERLORD_REAL_JAILS=1</c>. Jails are built the way
/// a node builds them, through Director.
/// </summary>
public sealed class AppJailContractTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Keywords = ["name", "status", "dirty", "alt_name", "type", "path"];

    private static async Task<string> BuildJailAsync(ToolHost host, params string[] options)
    {
        var jail = ToolHost.NewName("j");
        var run = await host.UpAsync(ToolHost.NewName("p"), ToolHost.DirectorFile(host.Makejail(), new Dictionary<string, string?> { ["app"] = jail }, options), cancellationToken: Ct);
        Assert.Equal(0, run.ExitCode);
        return jail;
    }

    [Fact]
    public async Task StatusInfoAndCpusetFollowARunningJail()
    {
        using var host = ToolHost.Create();
        var jail = await BuildJailAsync(host);

        Assert.Contains(jail, host.AppJail.ListJails());
        Assert.Equal(JailStatus.Running, await host.AppJail.GetStatusAsync(jail, Ct));
        var info = await host.AppJail.GetInfoAsync(jail, Keywords, Ct);
        Assert.NotNull(info);
        Assert.Equal(Keywords, info.Keys);
        Assert.Equal((jail, "UP", "0", ""), (info["name"], info["status"], info["dirty"], info["alt_name"]));
        Assert.Equal(Path.Combine(host.Config.AppJail.Jails, jail, "jail"), info["path"]);
        Assert.Matches(@"^\d+(, \d+)*$", await host.AppJail.GetCpusetAsync(jail, Ct) ?? "");
        Assert.False(await host.AppJail.IsVmJailAsync(jail, Ct));
    }

    [Fact]
    public async Task AStoppedJailReadsDownWithoutCpuset()
    {
        using var host = ToolHost.Create();
        var project = ToolHost.NewName("p");
        var jail = ToolHost.NewName("j");
        await host.UpAsync(project, ToolHost.DirectorFile(host.Makejail(), new Dictionary<string, string?> { ["app"] = jail }), cancellationToken: Ct);
        await host.Director.DownAsync(project, new Dictionary<string, string>(), destroy: false, ignoreFailed: false, Ct);

        Assert.Equal(JailStatus.Stopped, await host.AppJail.GetStatusAsync(jail, Ct));
        Assert.Equal("DOWN", (await host.AppJail.GetInfoAsync(jail, ["status"], Ct))!["status"]);
        Assert.Null(await host.AppJail.GetCpusetAsync(jail, Ct));
    }

    [Fact]
    public async Task AnUnknownJailIsAbsentEverywhere()
    {
        using var host = ToolHost.Create();
        var ghost = ToolHost.NewName("ghost");

        Assert.Equal(JailStatus.Absent, await host.AppJail.GetStatusAsync(ghost, Ct));
        Assert.Null(await host.AppJail.GetInfoAsync(ghost, Keywords, Ct));
        Assert.Null(await host.AppJail.GetCpusetAsync(ghost, Ct));
        Assert.False(await host.AppJail.IsVmJailAsync(ghost, Ct));
        Assert.Null(host.AppJail.ReadConfItems(ghost, JailConfItem.Labels, ["value"]));
    }

    [Fact]
    public async Task LabelsFromTheBuildAreReadFromTheJailFiles()
    {
        using var host = ToolHost.Create();
        var jail = await BuildJailAsync(host, "label: 'app:web'", "label: 'overlord.vm:1'");

        var labels = host.AppJail.ReadConfItems(jail, JailConfItem.Labels, ["value"])!;

        Assert.Contains(labels, l => l["name"] == "app" && l["value"] == "web");
        Assert.True(await host.AppJail.IsVmJailAsync(jail, Ct));
    }

    [Fact]
    public void EveryConfNamespaceOfASeededJailReadsAsUpstreamServesIt()
    {
        using var host = ToolHost.Create();
        var emulator = host.RequireEmulator();
        emulator.AddJail("web1").Running()
            .Expose(8080, 80)
            .Limit("memoryuse:deny=512M")
            .Fstab("/data/app", "/app/data")
            .Volume("data", "/volumes/data", uid: 1001, gid: 1001, perm: "750")
            .Devfs("path 'bpf*' unhide")
            .Nat("ajnet", "nat on \"em0\" from 10.0.0.3 to any -> (\"em0:0\")")
            .Healthcheck("healthy");

        var expose = Assert.Single(host.AppJail.ReadConfItems("web1", JailConfItem.Expose, ["hport", "jport", "protocol", "rule"])!);
        Assert.Equal(("8080", "80", "tcp", "0"), (expose["hport"], expose["jport"], expose["protocol"], expose["nro"]));
        Assert.StartsWith("rdr pass on", expose["rule"]);
        var limit = Assert.Single(host.AppJail.ReadConfItems("web1", JailConfItem.Limits, ["rule", "resource", "action"])!);
        Assert.Equal(("memoryuse:deny=512M", "memoryuse", "deny"), (limit["rule"], limit["resource"], limit["action"]));
        var fstab = Assert.Single(host.AppJail.ReadConfItems("web1", JailConfItem.Fstab, ["device", "mountpoint", "type", "options", "dump", "pass"])!);
        Assert.Equal(("/data/app", "/app/data", "nullfs", "rw", "0", "0"), (fstab["device"], fstab["mountpoint"], fstab["type"], fstab["options"], fstab["dump"], fstab["pass"]));
        var volume = Assert.Single(host.AppJail.ReadConfItems("web1", JailConfItem.Volumes, ["mountpoint", "uid", "perm"])!);
        Assert.Equal(("data", "/volumes/data", "1001", "750"), (volume["name"], volume["mountpoint"], volume["uid"], volume["perm"]));
        Assert.Equal("path 'bpf*' unhide", Assert.Single(host.AppJail.ReadConfItems("web1", JailConfItem.Devfs, ["rule"])!)["rule"]);
        var nat = Assert.Single(host.AppJail.ReadConfItems("web1", JailConfItem.Nat, ["rule"])!);
        Assert.Equal("ajnet", nat["network"]);
        Assert.Equal("healthy", Assert.Single(host.AppJail.ReadConfItems("web1", JailConfItem.Healthcheck, ["status"])!)["status"]);
    }

    [Fact]
    public async Task AFailingJailGetIsATypedFailure()
    {
        using var host = ToolHost.Create();
        var emulator = host.RequireEmulator();
        emulator.AddJail("web1").Running();
        emulator.AddFault(new FaultRule("appjail", "exit=70") { Argv = "jail get *" });

        var error = await Assert.ThrowsAsync<ToolFailedException>(() => host.AppJail.GetInfoAsync("web1", Keywords, Ct));

        Assert.Equal(70, error.Result.ExitCode);
    }

    [Fact]
    public async Task AHungAppJailIsStoppedAfterTheReadTimeout()
    {
        using var host = ToolHost.Create(null, "read_timeout: 1", "kill_grace: 1");
        var emulator = host.RequireEmulator();
        emulator.AddJail("web1").Running();
        emulator.AddFault(new FaultRule("appjail", "ignore-sigterm") { Argv = "status *" });

        await Assert.ThrowsAsync<ToolTimeoutException>(() => host.AppJail.GetStatusAsync("web1", Ct));
    }

    [Fact]
    public async Task AToolThatClosesStdoutButNeverExitsIsStoppedAfterTheReadTimeout()
    {
        using var host = ToolHost.Create(null, "read_timeout: 1", "kill_grace: 1");
        var emulator = host.RequireEmulator();
        emulator.AddJail("web1").Running();
        emulator.AddFault(new FaultRule("appjail", "hang-after-output") { Argv = "status *" });

        await Assert.ThrowsAsync<ToolTimeoutException>(() => host.AppJail.GetStatusAsync("web1", Ct));
    }

    [Fact]
    public async Task AnUnhealthyJailShowsInItsHealthchecks()
    {
        using var host = ToolHost.Create();
        var emulator = host.RequireEmulator();
        emulator.AddFault(new FaultRule("appjail", "unhealthy") { Argv = "start *" });
        // Built stopped, so that Director's own start step is the `appjail start` the knob watches.
        var makejail = Path.Combine(host.WorkDirectory, "Makejail.stopped");
        File.WriteAllText(makejail, "OPTION overwrite=force\n");
        var jail = ToolHost.NewName("j");
        var run = await host.UpAsync(ToolHost.NewName("p"), ToolHost.DirectorFile(makejail, new Dictionary<string, string?> { ["app"] = jail }), cancellationToken: Ct);
        Assert.Equal(0, run.ExitCode);

        var checks = host.AppJail.ReadConfItems(jail, JailConfItem.Healthcheck, ["status", "health_cmd"])!;

        Assert.NotEmpty(checks);
        Assert.All(checks, c => Assert.Equal("unhealthy", c["status"]));
    }

    [Theory]
    [InlineData("stderr-flood=200000")]
    [InlineData("debug-noise")]
    [InlineData("colors")]
    [InlineData("slow-start=300")]
    [InlineData("slow-exit=300")]
    [InlineData("crlf")]
    public async Task NoiseOnStderrOrASlowStartDoesNotChangeTheAnswer(string effect)
    {
        using var host = ToolHost.Create();
        var emulator = host.RequireEmulator();
        emulator.AddJail("web1").Running().Ip4("10.0.0.3");
        emulator.AddFault(new FaultRule("appjail", effect));

        var info = await host.AppJail.GetInfoAsync("web1", ["name", "status", "network_ip4"], Ct);

        Assert.Equal(("web1", "UP", "10.0.0.3"), (info!["name"], info["status"], info["network_ip4"]));
    }

    [Fact]
    public async Task AJailThatDiesAfterStartReadsStopped()
    {
        using var host = ToolHost.Create();
        var emulator = host.RequireEmulator();
        emulator.AddFault(new FaultRule("appjail", "crash-after-start=1"));
        var jail = await BuildJailAsync(host);

        JailStatus status = JailStatus.Running;
        for (var i = 0; i < 60 && status == JailStatus.Running; i++)
        {
            await Task.Delay(100, Ct);
            status = await host.AppJail.GetStatusAsync(jail, Ct);
        }

        Assert.Equal(JailStatus.Stopped, status);
    }
}
