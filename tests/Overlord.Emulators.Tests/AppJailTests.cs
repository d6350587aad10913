namespace Overlord.Emulators.Tests;

public sealed class AppJailTests : EmuFixture
{
    [Fact]
    public async Task Status_reports_running_stopped_missing_and_invalid()
    {
        Host.AddJail("up1").Running();
        Host.AddJail("down1");

        Assert.Equal(0, (await Run("appjail", "status", "-q", "--", "up1")).ExitCode);
        Assert.Equal(1, (await Run("appjail", "status", "-q", "down1")).ExitCode);
        var missing = await Run("appjail", "status", "-q", "--", "ghost");
        Assert.Equal(66, missing.ExitCode);
        Assert.Equal("", missing.Stdout);
        Assert.Equal("[00:00:00] [ error ] Cannot find the jail `ghost`\n", missing.Stderr);
        Assert.Equal(65, (await Run("appjail", "status", "-q", "bad.name")).ExitCode);
        Assert.Equal(64, (await Run("appjail", "status")).ExitCode);
    }

    [Fact]
    public async Task Jail_get_rows_are_byte_exact()
    {
        Host.AddJail("web1").Running().Ip4("10.0.0.3").Expose(8080, 80).Expose(53, 53, proto: "udp").Version("14.2-RELEASE");

        Assert.Equal("UP\n", (await Run("appjail", "jail", "get", "-I", "--", "web1", "status")).Stdout);
        Assert.Equal("\n", (await Run("appjail", "jail", "get", "-I", "--", "web1", "alt_name")).Stdout);
        Assert.Equal("-\n", (await Run("appjail", "jail", "get", "--", "web1", "alt_name")).Stdout);
        Assert.Equal("UP web1\n", (await Run("appjail", "jail", "get", "-I", "--", "web1", "status", "name")).Stdout);

        // The node's form: several keywords, tab-separated, empties blank, a repeated keyword printed once.
        var r = await Run("appjail", "jail", "get", "-I", "-t", "--", "web1",
            "name", "network_ip4", "ports", "status", "type", "version", "alt_name", "status");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("web1\t10.0.0.3\t8080 -> 80/tcp,53/udp\tUP\tthin\t14.2-RELEASE\t\n", r.Stdout);

        var header = await Run("appjail", "jail", "get", "-H", "--", "web1", "name", "status");
        Assert.Equal(" NAME STATUS\nweb1 UP\n", header.Stdout);
        var pretty = await Run("appjail", "jail", "get", "-Hp", "--", "web1", "name", "status");
        Assert.Equal("NAME  STATUS\nweb1  UP\n", pretty.Stdout);
    }

    [Fact]
    public async Task Jail_get_unknown_keyword_warns_and_succeeds()
    {
        Host.AddJail("web1");
        var r = await Run("appjail", "jail", "get", "--", "web1", "nope", "dirty");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("0\n", r.Stdout);
        Assert.Equal("[00:00:00] [ warn  ] [web1] nope: keyword not found.\n", r.Stderr);
        var only = await Run("appjail", "jail", "get", "--", "web1", "nope");
        Assert.Equal((0, ""), (only.ExitCode, only.Stdout));
        Assert.Equal(66, (await Run("appjail", "jail", "get", "-I", "--", "ghost", "name")).ExitCode);
    }

    [Fact]
    public async Task Destroy_refuses_running_and_missing_jails()
    {
        Host.AddJail("web1").Running();
        var r = await Run("appjail", "jail", "destroy", "--", "web1");
        Assert.Equal(77, r.ExitCode);
        Assert.Equal("[00:00:00] [ warn  ] web1 is currently running.\n", r.Stderr);
        Assert.Equal(66, (await Run("appjail", "jail", "destroy", "--", "ghost")).ExitCode);

        Assert.Equal(0, (await Run("appjail", "stop", "--", "web1")).ExitCode);
        Assert.Equal(0, (await Run("appjail", "jail", "destroy", "-R", "--", "web1")).ExitCode);
        Assert.False(Directory.Exists(Path.Combine(Host.JailsDirectory, "web1")));
    }

    [Fact]
    public async Task Start_stop_write_console_log_and_ephemeral_jails_vanish_on_stop()
    {
        Host.AddJail("web1");
        Host.AddJail("tmp1").Ephemeral();
        Assert.Equal(0, (await Run("appjail", "start", "--", "web1")).ExitCode);
        Assert.Equal("UP\n", (await Run("appjail", "jail", "get", "-I", "--", "web1", "status")).Stdout);
        var again = await Run("appjail", "start", "--", "web1");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("[ warn  ]", again.Stderr, StringComparison.Ordinal);
        var console = Directory.GetFiles(Path.Combine(Host.AppJailLogsDirectory, "jails", "web1", "console"));
        Assert.Single(console);
        Assert.Matches(@"\d{4}-\d{2}-\d{2}\.log$", console[0]);

        Assert.Equal(0, (await Run("appjail", "start", "tmp1")).ExitCode);
        Assert.Equal(0, (await Run("appjail", "stop", "tmp1")).ExitCode);
        Assert.Equal(66, (await Run("appjail", "status", "-q", "tmp1")).ExitCode);
    }

    [Fact]
    public async Task Start_of_a_locked_jail_is_73()
    {
        Host.AddJail("web1");
        var lockFile = Path.Combine(Host.JailsDirectory, "web1", "conf", "boot", "lock", "locked");
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
        File.WriteAllText(lockFile, "1\n");
        Assert.Equal(73, (await Run("appjail", "start", "--", "web1")).ExitCode);
    }

    [Fact]
    public async Task Makejail_applies_options_into_conf()
    {
        WriteWork("Makejail", "OPTION virtualnet=ajnet:web1 default\nINCLUDE gh+AppJail-makejails/nginx\n");
        var r = await Run("appjail", "makejail", "-j", "web1", "-f", "Makejail",
            "-o", "label=overlord.vm:1", "-o", "expose=8080:80", "-o", "limits=memoryuse:deny=512M",
            "-o", "fstab=\"/data/app\" \"/app/data\" \"nullfs\" \"rw\" 0 0", "-o", "nat", "-o", "healthcheck=\"interval:10\"",
            "-o", "volume=data mountpoint:/volumes/data uid:1001", "-o", "device=path 'bpf*' unhide", "-o", "start", "--", "--x", "1");
        Assert.Equal(0, r.ExitCode);
        var conf = Path.Combine(Host.JailsDirectory, "web1", "conf");
        Assert.True(File.Exists(Path.Combine(Host.JailsDirectory, "web1", ".done")));
        Assert.Equal("1", File.ReadAllText(Path.Combine(conf, "labels", "overlord.vm", "value")));
        Assert.Equal("8080\n", File.ReadAllText(Path.Combine(conf, "boot", "expose", "0", "hport")));
        Assert.Equal("rdr pass on \"em0\" inet proto tcp from any to (\"em0:0\") port 8080 -> 10.0.0.2 port 80\n",
            File.ReadAllText(Path.Combine(conf, "boot", "expose", "0", "pf-rule")));
        Assert.Equal("memoryuse\n", File.ReadAllText(Path.Combine(conf, "boot", "limits", "0", "resource")));
        Assert.Equal("deny\n", File.ReadAllText(Path.Combine(conf, "boot", "limits", "0", "action")));
        Assert.Equal("/app/data\n", File.ReadAllText(Path.Combine(conf, "boot", "fstab", "0", "fs_file")));
        Assert.Equal("nat on \"em0\" from 10.0.0.2 to any -> (\"em0:0\")\n", File.ReadAllText(Path.Combine(conf, "boot", "nat", "ajnet", "pf-nat.conf")));
        Assert.Equal("10\n", File.ReadAllText(Path.Combine(conf, "boot", "health", "0", "interval")));
        Assert.False(File.Exists(Path.Combine(conf, "boot", "health", "0", "status")));
        Assert.Equal("/volumes/data", File.ReadAllText(Path.Combine(conf, "volumes", "data", "mountpoint")));
        Assert.Equal("1001", File.ReadAllText(Path.Combine(conf, "volumes", "data", "uid")));
        Assert.Equal("path 'bpf*' unhide\n", File.ReadAllText(Path.Combine(conf, "boot", "devfs", "0", "rule")));
        Assert.Equal("UP 10.0.0.2 0\n", (await Run("appjail", "jail", "get", "--", "web1", "status", "network_ip4", "dirty")).Stdout);

        // A clean existing jail is not rebuilt.
        Assert.Equal(73, (await Run("appjail", "makejail", "-j", "web1", "-f", "Makejail")).ExitCode);
        Assert.Equal(66, (await Run("appjail", "makejail", "-j", "web2", "-f", "Nope")).ExitCode);
    }

    [Fact]
    public async Task Labels_cpuset_and_cmd()
    {
        Host.AddJail("vm1").Running().Label("overlord.vm", "1").Cpuset("0, 1, 2");
        Host.AddJail("idle");

        Assert.Equal("1\n", (await Run("appjail", "label", "get", "-I", "-l", "overlord.vm", "--", "vm1", "value")).Stdout);
        var missing = await Run("appjail", "label", "get", "-I", "-l", "overlord.vm", "--", "idle", "value");
        Assert.Equal(66, missing.ExitCode);
        Assert.Contains("Label 'overlord.vm' does not exist.", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(65, (await Run("appjail", "label", "get", "-I", "-l", "Bad_Label", "--", "idle", "value")).ExitCode);
        Assert.Equal(0, (await Run("appjail", "label", "add", "idle", "team", "ops")).ExitCode);
        Assert.Equal(73, (await Run("appjail", "label", "add", "idle", "team", "ops")).ExitCode);
        Assert.Equal("ops", File.ReadAllText(Path.Combine(Host.JailsDirectory, "idle", "conf", "labels", "team", "value")));

        Assert.Equal("0, 1, 2\n", (await Run("appjail", "cpuset", "vm1")).Stdout);
        var stopped = await Run("appjail", "cpuset", "idle");
        Assert.Equal((0, ""), (stopped.ExitCode, stopped.Stdout));

        Assert.Equal(Path.Combine(Host.JailsDirectory, "vm1", "jail") + "\n", (await Run("appjail", "cmd", "local", "vm1", "realpath", ".")).Stdout);
        Assert.Equal(0, (await Run("appjail", "cmd", "jexec", "vm1", "vm", "create", "-s", "10G", "freebsd")).ExitCode);
        Assert.True(File.Exists(Path.Combine(Host.JailsDirectory, "vm1", "jail", "vm", "freebsd", "freebsd.conf")));
        var start = await Run("appjail", "cmd", "jexec", "vm1", "vm", "start", "freebsd");
        Assert.Equal((0, "Starting freebsd\n  * found guest in /vm/freebsd\n  * booting...\n"), (start.ExitCode, start.Stdout));
        Assert.Equal(1, (await Run("appjail", "cmd", "jexec", "vm1", "vm", "poweroff", "-f", "nothere")).ExitCode);
        Assert.Equal("vm_list:  -> freebsd\n", (await Run("appjail", "sysrc", "jail", "vm1", "vm_list+=freebsd")).Stdout);
        Assert.Equal("vm_list: freebsd -> freebsd freebsd2\n", (await Run("appjail", "sysrc", "jail", "vm1", "vm_list+=freebsd2")).Stdout);
    }

    [Fact]
    public async Task Diagnostics_are_coloured_by_default()
    {
        Env.Remove("ENABLE_COLORS");
        var r = await Run("appjail", "status", "-q", "ghost");
        Assert.Equal("\e[0;31m[00:00:00] [ error ]\e[0;39;49m Cannot find the jail `ghost`\n", r.Stderr);
    }
}
