namespace Overlord.Emulators.Tests;

public sealed class FaultTests : EmuFixture
{
    public FaultTests()
    {
        Host.AddJail("web1").Running();
    }

    [Fact]
    public async Task Exit_applies_for_count_calls_then_the_rule_is_gone()
    {
        Host.AddFault(new FaultRule("appjail", "exit=74") { Argv = "status *", Count = 2 });
        var r = await Run("appjail", "status", "-q", "web1");
        Assert.Equal((74, "[00:00:00] [ error ] Injected failure (overlord-emu).\n"), (r.ExitCode, r.Stderr));
        Assert.Equal(74, (await Run("appjail", "status", "-q", "web1")).ExitCode);
        Assert.Equal(0, (await Run("appjail", "status", "-q", "web1")).ExitCode);
        Assert.False(File.Exists(Path.Combine(Host.Root, ".emu", "faults.json")));
    }

    [Fact]
    public async Task Env_knob_jail_filter_and_probability_zero()
    {
        Env["OVERLORD_EMU_FAULT"] = "tool=appjail;jail=other;effect=exit=3||tool=appjail;argv=status*;effect=exit=9;p=0";
        Assert.Equal(0, (await Run("appjail", "status", "-q", "web1")).ExitCode);
        Env["OVERLORD_EMU_FAULT"] = "tool=appjail;jail=web1;effect=exit=5";
        Assert.Equal(5, (await Run("appjail", "status", "-q", "web1")).ExitCode);
    }

    [Fact]
    public async Task Hang_keeps_stdout_open_until_killed()
    {
        Host.AddFault(new FaultRule("appjail", "hang"));
        var r = await RunWithTimeout(TimeSpan.FromMilliseconds(1500), "appjail", "status", "-q", "web1");
        Assert.True(r.TimedOut);
    }

    [Fact]
    public async Task Hang_after_output_closes_stdout_while_alive()
    {
        Host.AddFault(new FaultRule("sysctl", "hang-after-output"));
        using var p = Start("sysctl", "-n", "kern.racct.enable");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(20));
        var stdout = await p.StandardOutput.ReadToEndAsync(cts.Token);
        Assert.Equal("1\n", stdout);
        Assert.False(p.HasExited);
        Signal(p, "TERM");
        await p.WaitForExitAsync(cts.Token);
    }

    [Fact]
    public async Task Ignore_sigterm_needs_sigkill()
    {
        Host.AddFault(new FaultRule("appjail", "ignore-sigterm"));
        using var p = Start("appjail", "status", "-q", "web1");
        await WaitUntil(() => File.Exists(Path.Combine(Host.Root, ".emu", $"hang.{p.Id}")), "emulator entered its hang");
        Signal(p, "TERM");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromMilliseconds(700));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => p.WaitForExitAsync(cts.Token));
        p.Kill();
        await p.WaitForExitAsync(Ct);
    }

    [Fact]
    public async Task Slow_start_and_slow_exit_delay_the_call()
    {
        Host.AddFault(new FaultRule("sysctl", "slow-start=300"));
        Host.AddFault(new FaultRule("sysctl", "slow-exit=300"));
        var r = await Run("sysctl", "-n", "kern.racct.enable");
        Assert.Equal("1\n", r.Stdout);
        var entry = Host.ReadJournal().Single(e => e.Tool == "sysctl");
        Assert.True(entry.DurationMs >= 300, $"{entry.DurationMs}");
        Assert.Equal(["slow-start=300", "slow-exit=300"], entry.Faults);
    }

    [Fact]
    public async Task Output_shaping_knobs()
    {
        Host.AddProject("wiki").State("done").Service("web", "web1");
        Env["OVERLORD_EMU_FAULT"] = "tool=appjail-director;argv=describe*;effect=partial-output";
        var partial = await Run("appjail-director", "describe", "-p", "wiki");
        Assert.Equal(0, partial.ExitCode);
        Assert.StartsWith("{\n  \"name\": \"wiki\"", partial.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("}\n", partial.Stdout[^3..], StringComparison.Ordinal);

        Env["OVERLORD_EMU_FAULT"] = "tool=appjail-director;effect=empty-output";
        Assert.Equal((0, ""), ((await Run("appjail-director", "describe", "-p", "wiki")) is var e ? (e.ExitCode, e.Stdout) : default));

        Env["OVERLORD_EMU_FAULT"] = "tool=appjail-director;effect=stdout-garbage";
        var garbage = await Run("appjail-director", "describe", "-p", "wiki");
        Assert.StartsWith("Source contains parsing errors", garbage.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n{\n", garbage.Stdout, StringComparison.Ordinal);

        Env["OVERLORD_EMU_FAULT"] = "tool=appjail;effect=crlf";
        Assert.Equal("UP\r\n", (await Run("appjail", "jail", "get", "-I", "--", "web1", "status")).Stdout);

        Env["OVERLORD_EMU_FAULT"] = "tool=appjail;effect=stderr-flood=70000";
        var flood = await Run("appjail", "jail", "get", "-I", "--", "web1", "status");
        Assert.Equal("UP\n", flood.Stdout);
        Assert.True(flood.Stderr.Length >= 70000);
    }

    [Fact]
    public async Task Colors_and_debug_noise_decorate_stderr_only()
    {
        Env["OVERLORD_EMU_FAULT"] = "tool=appjail;effect=colors||tool=appjail;effect=debug-noise";
        Env.Remove("ENABLE_DEBUG");
        var r = await Run("appjail", "status", "-q", "ghost");
        Assert.Equal(66, r.ExitCode);
        Assert.Contains("\e[0;90m[00:00:00] [ debug ]\e[0;39;49m", r.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("\e[0;31m[00:00:00] [ error ]\e[0;39;49m Cannot find the jail `ghost`\n", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public async Task Sigkill_self_mid_up_leaves_unfinished_lock_and_pid()
    {
        var file = WriteWikiProject();
        Host.AddFault(new FaultRule("appjail-director", "sigkill-self") { Project = "wiki" });
        var r = await Run("appjail-director", "up", "-j", "-f", file, "-p", "wiki");
        Assert.Equal(137, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Equal("unfinished", ReadKey("wiki", "state"));
        Assert.NotNull(ReadKey("wiki", "pid"));
        Assert.True(File.Exists(Path.Combine(Host.DirectorLocksDirectory, "wiki", "lock")));
        Assert.Contains("\"locked\": true", (await Run("appjail-director", "describe", "-p", "wiki")).Stdout, StringComparison.Ordinal);
        Assert.Equal(137, Host.ReadJournal().Single(e => e.Tool == "appjail-director" && e.Argv[0] == "up").Exit);
    }

    [Fact]
    public async Task Stale_lock_makes_up_fail_70()
    {
        var file = WriteWikiProject();
        Host.AddFault(new FaultRule("appjail-director", "stale-lock") { Argv = "up *", Count = 1 });
        var r = await Run("appjail-director", "up", "-j", "-f", file, "-p", "wiki");
        Assert.Equal(70, r.ExitCode);
        Assert.Contains("type: ProjectLocked", r.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Host.DirectorLocksDirectory, "wiki", "lock")));
    }

    [Fact]
    public async Task Child_timeout_gives_null_errlevel_exit_0_and_failed()
    {
        var file = WriteWikiProject();
        Host.AddFault(new FaultRule("appjail-director", "child-timeout") { Service = "db" });
        var r = await Run("appjail-director", "up", "-j", "-f", file, "-p", "wiki");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("{\n  \"errlevel\": null,\n", r.Stdout, StringComparison.Ordinal);
        Assert.Equal("failed", ReadKey("wiki", "state"));
        Assert.Equal("", ReadKey("wiki", "db/fail"));
    }

    [Fact]
    public async Task Director_exit_fault_fails_the_named_step()
    {
        var file = WriteWikiProject();
        Host.AddFault(new FaultRule("appjail-director", "exit=5@start") { Service = "app", Count = 1 });
        var r = await Run("appjail-director", "up", "-j", "-f", file, "-p", "wiki");
        Assert.Equal(5, r.ExitCode);
        Assert.Contains("\"type\": \"start\",\n      \"service\": \"app\"", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crash_after_start_and_unhealthy()
    {
        Host.AddJail("web2").Healthcheck(status: "healthy");
        Host.AddFault(new FaultRule("appjail", "crash-after-start=0.3") { Argv = "start *" });
        Host.AddFault(new FaultRule("appjail", "unhealthy") { Argv = "start *" });
        Assert.Equal(0, (await Run("appjail", "start", "--", "web2")).ExitCode);
        Assert.Equal("unhealthy\n", File.ReadAllText(Path.Combine(Host.JailsDirectory, "web2", "conf", "boot", "health", "0", "status")));
        await WaitUntil(() => Host.ReadJournal().Count > 0, "journal");
        await Task.Delay(400, Ct);
        Assert.Equal("DOWN\n", (await Run("appjail", "jail", "get", "-I", "--", "web2", "status")).Stdout);
        Assert.Equal(1, (await Run("appjail", "status", "-q", "web2")).ExitCode);
    }

    [Fact]
    public async Task Racct_off_and_rctl_off()
    {
        Host.AddFault(new FaultRule("sysctl", "racct=0"));
        Host.AddFault(new FaultRule("rctl", "rctl-off"));
        Assert.Equal("0\n", (await Run("sysctl", "-n", "kern.racct.enable")).Stdout);
        var r = await Run("rctl", "-u", "jail:web1");
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("rctl: RACCT/RCTL present, but disabled;", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shuffle_randomises_describe_order()
    {
        var project = Host.AddProject("many").State("done");
        for (var i = 0; i < 8; i++)
        {
            project.Service($"s{i}", $"j{i}");
        }
        Host.AddFault(new FaultRule("appjail-director", "shuffle"));
        var orders = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            orders.Add((await Run("appjail-director", "describe", "-p", "many")).Stdout);
        }
        // 8! orders: three identical draws would be a 1-in-1.6e9 event.
        Assert.True(orders.Count > 1);
    }

    [Fact]
    public async Task Output_knob_scripts_vm_text()
    {
        Host.AddFault(new FaultRule("appjail", "output=vm: image not found\\n") { Argv = "cmd jexec * vm create *" });
        Host.AddFault(new FaultRule("appjail", "exit=1") { Argv = "cmd jexec * vm create *" });
        var r = await Run("appjail", "cmd", "jexec", "web1", "vm", "create", "x");
        Assert.Equal(1, r.ExitCode);
        var ok = await Run("appjail", "cmd", "jexec", "web1", "vm", "install", "x", "disc.iso");
        Assert.Equal(1, ok.ExitCode);
        Assert.Contains("doesn't appear to be a valid virtual machine", ok.Stdout, StringComparison.Ordinal);
        Assert.Equal("vm: image not found\n", r.Stdout);
    }
}
