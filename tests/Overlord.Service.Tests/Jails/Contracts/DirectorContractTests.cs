using Overlord.Emulators;
using Overlord.Service.Jails;
using Overlord.Service.Jails.Tools;

namespace Overlord.Service.Tests.Jails.Contracts;

/// <summary>
/// The Director contract (D1–D7 of shared/reference/appjail-director.md) through the product's <see cref="DirectorDriver"/>:
/// against the emulator by default, against the real <c>appjail-director</c> with <c>OVERLORD_REAL_JAILS=1</c>.
/// </summary>
public sealed class DirectorContractTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UpBuildsAProjectThatIsListedDescribedAndChecked()
    {
        using var host = ToolHost.Create();
        var project = ToolHost.NewName("up");
        var web = ToolHost.NewName("web");

        var run = await host.UpAsync(project, ToolHost.DirectorFile(host.Makejail(), new Dictionary<string, string?> { ["web"] = web, ["db"] = null }), cancellationToken: Ct);

        Assert.Equal(0, run.ExitCode);
        Assert.Null(run.OutputProblem);
        Assert.Equal(0, run.Report!.ErrLevel);
        Assert.Empty(run.Report.Failed);
        Assert.True(await host.Director.ExistsAsync(project, Ct));
        Assert.Contains(new DirectorProjectEntry(project, "DONE"), await host.Director.ListAsync(Ct));

        var described = await host.Director.DescribeAsync(project, Ct);
        Assert.NotNull(described);
        Assert.Equal((project, "DONE", false), (described.Name, described.State, described.Locked));
        Assert.NotNull(described.LastLog);
        Assert.True(Directory.Exists(described.LastLog), "last_log names the run's log directory");
        Assert.Equal(["db", "web"], described.Services.Select(s => s.Name).Order());
        Assert.All(described.Services, s => Assert.Equal(0, s.Status));
        Assert.Equal(web, described.Services.Single(s => s.Name == "web").Jail);
        // A service without a name gets ten lowercase hex characters, kept across runs (§3.8).
        Assert.Matches("^[0-9a-f]{10}$", described.Services.Single(s => s.Name == "db").Jail);

        // Director and AppJail agree on the jails it built.
        Assert.Equal(JailStatus.Running, await host.AppJail.GetStatusAsync(web, Ct));
        Assert.Contains(web, host.AppJail.ListJails());
    }

    [Fact]
    public async Task ReapplyingTheSameFileKeepsTheJailNamesAndState()
    {
        using var host = ToolHost.Create();
        var project = ToolHost.NewName("again");
        var file = ToolHost.DirectorFile(host.Makejail(), new Dictionary<string, string?> { ["app"] = null });
        await host.UpAsync(project, file, cancellationToken: Ct);
        var first = (await host.Director.DescribeAsync(project, Ct))!.Services.Single().Jail;

        var second = await host.UpAsync(project, file, cancellationToken: Ct);

        Assert.Equal(0, second.ExitCode);
        var described = (await host.Director.DescribeAsync(project, Ct))!;
        Assert.Equal(("DONE", first, 0), (described.State, described.Services.Single().Jail, described.Services.Single().Status));
    }

    [Fact]
    public async Task DownStopsTheJailsAndDownDestroyRemovesTheProject()
    {
        using var host = ToolHost.Create();
        var project = ToolHost.NewName("down");
        var jail = ToolHost.NewName("j");
        await host.UpAsync(project, ToolHost.DirectorFile(host.Makejail(), new Dictionary<string, string?> { ["app"] = jail }), cancellationToken: Ct);

        var down = await host.Director.DownAsync(project, new Dictionary<string, string>(), destroy: false, ignoreFailed: false, Ct);

        Assert.Equal((0, 0), (down.ExitCode, down.Report!.ErrLevel));
        var stopped = (await host.Director.DescribeAsync(project, Ct))!;
        Assert.Equal(("DONE", 1), (stopped.State, stopped.Services.Single().Status));
        Assert.Equal(JailStatus.Stopped, await host.AppJail.GetStatusAsync(jail, Ct));

        var destroyed = await host.Director.DownAsync(project, new Dictionary<string, string>(), destroy: true, ignoreFailed: true, Ct);

        Assert.Equal(0, destroyed.ExitCode);
        Assert.Null(await host.Director.DescribeAsync(project, Ct));
        Assert.False(await host.Director.ExistsAsync(project, Ct));
        Assert.DoesNotContain(project, (await host.Director.ListAsync(Ct)).Select(p => p.Name));
        Assert.Equal(JailStatus.Absent, await host.AppJail.GetStatusAsync(jail, Ct));
    }

    [Fact]
    public async Task DownOfAMissingProjectReportsItInTheJson()
    {
        using var host = ToolHost.Create();

        var run = await host.Director.DownAsync(ToolHost.NewName("ghost"), new Dictionary<string, string>(), destroy: true, ignoreFailed: true, Ct);

        Assert.Equal(66, run.ExitCode);
        Assert.Equal(66, run.Report!.ErrLevel);
        Assert.EndsWith(": Project not found.", run.Report.Message);
    }

    [Fact]
    public async Task AnInvalidProjectFileIsRefusedAndLeavesNothingBehind()
    {
        using var host = ToolHost.Create();
        var project = ToolHost.NewName("bad");

        var run = await host.UpAsync(project, "services: {}\nbogus: 1\n", cancellationToken: Ct);

        Assert.Equal(70, run.ExitCode);
        Assert.Contains("InvalidSpec", run.StandardError, StringComparison.Ordinal);
        Assert.False(await host.Director.ExistsAsync(project, Ct));
        Assert.Null(await host.Director.DescribeAsync(project, Ct));
    }

    [Fact]
    public async Task TheEnvironmentReachesTheProjectFileThroughEnvTags()
    {
        using var host = ToolHost.Create();
        var project = ToolHost.NewName("env");
        var jail = ToolHost.NewName("j");
        var file = ToolHost.DirectorFile(host.Makejail(), new Dictionary<string, string?> { ["app"] = jail }, "label: !ENV 'colour:${OVERLORD_CT_COLOUR}'");

        var run = await host.UpAsync(project, file, new Dictionary<string, string> { ["OVERLORD_CT_COLOUR"] = "green" }, Ct);

        Assert.Equal(0, run.ExitCode);
        var labels = host.AppJail.ReadConfItems(jail, JailConfItem.Labels, ["value"]);
        Assert.Contains(labels!, l => l["name"] == "colour" && l["value"] == "green");
    }

    [Fact]
    public async Task UpRunsWithTheExactArgvAndDeletesItsTempFile()
    {
        using var host = ToolHost.Create();
        var emulator = host.RequireEmulator();
        var project = ToolHost.NewName("argv");

        await host.UpAsync(project, ToolHost.DirectorFile(host.Makejail(), new Dictionary<string, string?> { ["app"] = null }), new Dictionary<string, string> { ["OVERLORD_METADATA"] = "/tmp/meta" }, Ct);

        var up = emulator.ReadJournal().Single(e => e.Tool == "appjail-director" && !e.Nested && e.Argv.FirstOrDefault() == "up");
        Assert.Equal(["up", "-j", "-f", up.Argv[3], "-p", project], up.Argv);
        Assert.False(File.Exists(up.Argv[3]), "the Director file is a temp file deleted after the run");
        Assert.Equal("/tmp/meta", up.Env["OVERLORD_METADATA"]);
    }

    [Fact]
    public async Task CancelStopsARunningUpWhichEndsFailed()
    {
        using var host = ToolHost.Create();
        var emulator = host.RequireEmulator();
        var project = ToolHost.NewName("cancel");
        emulator.AddFault(new FaultRule("appjail", "hang") { Argv = "makejail *" });

        var up = host.UpAsync(project, ToolHost.DirectorFile(host.Makejail(), new Dictionary<string, string?> { ["app"] = null }), cancellationToken: Ct);
        DirectorDescription? busy = null;
        for (var i = 0; i < 200 && busy is not { State: "UNFINISHED", Locked: true }; i++)
        {
            await Task.Delay(50, Ct);
            busy = await host.Director.DescribeAsync(project, Ct);
        }
        Assert.Equal(("UNFINISHED", true), (busy?.State, busy?.Locked));

        Assert.True(await host.Director.CancelAsync(project, Ct));
        var run = await up.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(70, run.ExitCode);
        var after = (await host.Director.DescribeAsync(project, Ct))!;
        Assert.Equal(("FAILED", false), (after.State, after.Locked));
    }

    [Fact]
    public async Task AStaleLockFailsWithProjectLockedAndKeepsTheState()
    {
        using var host = ToolHost.Create();
        var emulator = host.RequireEmulator();
        var project = ToolHost.NewName("locked");
        var file = ToolHost.DirectorFile(host.Makejail(), new Dictionary<string, string?> { ["app"] = null });
        await host.UpAsync(project, file, cancellationToken: Ct);
        emulator.AddFault(new FaultRule("appjail-director", "stale-lock") { Project = project, Count = 1 });

        var run = await host.UpAsync(project, file, cancellationToken: Ct);

        Assert.Equal(70, run.ExitCode);
        Assert.Contains("ProjectLocked", run.StandardError, StringComparison.Ordinal);
        var described = (await host.Director.DescribeAsync(project, Ct))!;
        Assert.Equal(("DONE", true), (described.State, described.Locked));
    }

    [Theory]
    [InlineData("partial-output")]
    [InlineData("empty-output")]
    public async Task BrokenJsonIsReportedOnTheRunNotThrown(string effect)
    {
        using var host = ToolHost.Create();
        var emulator = host.RequireEmulator();
        emulator.AddFault(new FaultRule("appjail-director", effect) { Argv = "up *" });

        var run = await host.UpAsync(ToolHost.NewName("json"), ToolHost.DirectorFile(host.Makejail(), new Dictionary<string, string?> { ["app"] = null }), cancellationToken: Ct);

        Assert.Null(run.Report);
        Assert.False(string.IsNullOrEmpty(run.OutputProblem));
    }

    [Fact]
    public async Task GarbageBeforeTheJsonDoesNotHideTheReport()
    {
        using var host = ToolHost.Create();
        var emulator = host.RequireEmulator();
        emulator.AddFault(new FaultRule("appjail-director", "stdout-garbage") { Argv = "up *" });

        var run = await host.UpAsync(ToolHost.NewName("garbage"), ToolHost.DirectorFile(host.Makejail(), new Dictionary<string, string?> { ["app"] = null }), cancellationToken: Ct);

        Assert.NotNull(run.Report);
        Assert.Null(run.OutputProblem);
    }

    [Fact]
    public async Task AChildTimeoutGivesANullErrlevelAndAFailedProject()
    {
        using var host = ToolHost.Create();
        var emulator = host.RequireEmulator();
        var project = ToolHost.NewName("childto");
        emulator.AddFault(new FaultRule("appjail-director", "child-timeout") { Project = project });

        var run = await host.UpAsync(project, ToolHost.DirectorFile(host.Makejail(), new Dictionary<string, string?> { ["app"] = null }), cancellationToken: Ct);

        Assert.Equal(0, run.ExitCode);
        Assert.Null(run.Report!.ErrLevel);
        Assert.Equal("FAILED", (await host.Director.DescribeAsync(project, Ct))!.State);
    }

    [Fact]
    public async Task UpPastExecutionTimeIsStoppedAndReportedAsATimeout()
    {
        using var host = ToolHost.Create("execution_time: 2", "kill_grace: 1");
        var emulator = host.RequireEmulator();
        emulator.AddFault(new FaultRule("appjail-director", "ignore-sigterm") { Argv = "up *" });

        var error = await Assert.ThrowsAsync<ToolTimeoutException>(() => host.UpAsync(ToolHost.NewName("slow"), ToolHost.DirectorFile(host.Makejail(), new Dictionary<string, string?> { ["app"] = null }), cancellationToken: Ct));

        Assert.Equal(TimeSpan.FromSeconds(2), error.Limit);
    }

    [Fact]
    public async Task AFailingBuildStepIsNamedInTheReport()
    {
        using var host = ToolHost.Create();
        var emulator = host.RequireEmulator();
        var project = ToolHost.NewName("fail");
        emulator.AddFault(new FaultRule("appjail", "exit=3") { Argv = "makejail *" });

        var run = await host.UpAsync(project, ToolHost.DirectorFile(host.Makejail(), new Dictionary<string, string?> { ["app"] = null }), cancellationToken: Ct);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(new DirectorFailure("makejail", "app"), Assert.Single(run.Report!.Failed));
        Assert.Equal("FAILED", (await host.Director.DescribeAsync(project, Ct))!.State);
    }

    [Theory]
    [InlineData("shuffle")]
    [InlineData("crlf")]
    public async Task ListAndDescribeReadTheSameWhateverTheOrderOrLineEnds(string effect)
    {
        using var host = ToolHost.Create();
        var emulator = host.RequireEmulator();
        var project = ToolHost.NewName("order");
        await host.UpAsync(project, ToolHost.DirectorFile(host.Makejail(), new Dictionary<string, string?> { ["a"] = null, ["b"] = null, ["c"] = null }), cancellationToken: Ct);
        emulator.AddFault(new FaultRule("appjail-director", effect));

        var described = (await host.Director.DescribeAsync(project, Ct))!;

        Assert.Equal(["a", "b", "c"], described.Services.Select(s => s.Name).Order());
        Assert.Contains(new DirectorProjectEntry(project, "DONE"), await host.Director.ListAsync(Ct));
    }

    [Fact]
    public async Task AnUpKilledMidwayLeavesALockedUnfinishedProjectAndNoReport()
    {
        using var host = ToolHost.Create();
        var emulator = host.RequireEmulator();
        var project = ToolHost.NewName("killed");
        emulator.AddFault(new FaultRule("appjail-director", "sigkill-self") { Argv = "up *", Count = 1 });

        var run = await host.UpAsync(project, ToolHost.DirectorFile(host.Makejail(), new Dictionary<string, string?> { ["app"] = null }), cancellationToken: Ct);

        Assert.Equal(137, run.ExitCode);
        Assert.Null(run.Report);
        Assert.NotNull(run.OutputProblem);
        var described = (await host.Director.DescribeAsync(project, Ct))!;
        Assert.Equal(("UNFINISHED", true), (described.State, described.Locked));
    }
}
