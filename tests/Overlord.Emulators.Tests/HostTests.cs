using System.Diagnostics;

namespace Overlord.Emulators.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HostTests
{
    [Fact]
    public async Task Init_creates_the_layout_and_executable_wrappers()
    {
        var root = Path.Combine(Path.GetTempPath(), "overlord-emu-init-" + Guid.NewGuid().ToString("N"));
        try
        {
            var exe = Path.Combine(AppContext.BaseDirectory, "overlord-emu");
            using (var p = Process.Start(new ProcessStartInfo(exe, ["init", "--root", root]) { RedirectStandardOutput = true })!)
            {
                Assert.Equal(root + "\n", await p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken));
                await p.WaitForExitAsync(TestContext.Current.CancellationToken);
                Assert.Equal(0, p.ExitCode);
            }
            foreach (var d in new[] { "jails", "logs/appjail", "images", "director/projects", "director/logs", "director/locks", ".emu" })
            {
                Assert.True(Directory.Exists(Path.Combine(root, d)), d);
            }
            foreach (var t in new[] { "appjail", "appjail-director", "rctl", "sysctl" })
            {
                var wrapper = Path.Combine(root, "bin", t);
                Assert.StartsWith("#!/bin/sh\nexec ", File.ReadAllText(wrapper), StringComparison.Ordinal);
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                    | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, File.GetUnixFileMode(wrapper));
            }
            using var host = EmulatedHost.Create(root);
            var r = await EmulatorCommand.RunAsync(host, "sysctl", ["-n", "kern.racct.enable"], cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal("1\n", r.Stdout);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Node_config_yaml_names_the_host_directories_and_tools()
    {
        using var host = EmulatedHost.Create();
        var yaml = host.NodeConfigYaml();
        Assert.Contains($"appjail:\n  jails: '{host.JailsDirectory}'\n  logs: '{host.AppJailLogsDirectory}'\n  images: '{host.ImagesDirectory}'\n", yaml, StringComparison.Ordinal);
        Assert.Contains($"director:\n  logs: '{host.DirectorLogsDirectory}'\n", yaml, StringComparison.Ordinal);
        Assert.Contains($"  appjail-director: '{host.ToolPath("appjail-director")}'\n", yaml, StringComparison.Ordinal);
        var root = host.Root;
        host.Dispose();
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public void Seeded_jail_uses_the_real_layout()
    {
        using var host = EmulatedHost.Create();
        host.AddJail("web1").Type("thick").Version("14.1-RELEASE").Label("team", "ops").Limit("memoryuse:deny=512M")
            .Fstab("/data", "/mnt/data", "nullfs", "ro").Volume("data", "/volumes/data", uid: 1001, perm: "750").Devfs("path 'bpf*' unhide");
        var j = Path.Combine(host.JailsDirectory, "web1");
        Assert.True(Directory.Exists(Path.Combine(j, "jail")));
        Assert.True(File.Exists(Path.Combine(j, ".done")));
        Assert.Contains("jail_type: thick\n", File.ReadAllText(Path.Combine(j, "conf", "config.conf")), StringComparison.Ordinal);
        Assert.Equal("ops", File.ReadAllText(Path.Combine(j, "conf", "labels", "team", "value")));
        Assert.Equal("memoryuse:deny=512M\n", File.ReadAllText(Path.Combine(j, "conf", "boot", "limits", "0", "rule")));
        Assert.Equal("ro\n", File.ReadAllText(Path.Combine(j, "conf", "boot", "fstab", "0", "fs_mntops")));
        Assert.Equal("750", File.ReadAllText(Path.Combine(j, "conf", "volumes", "data", "perm")));
        Assert.False(File.Exists(Path.Combine(j, "conf", "volumes", "data", "gid")));
        Assert.Equal("1\n", File.ReadAllText(Path.Combine(j, "conf", "boot", "devfs", "0", "enabled")));
        Assert.False(Directory.Exists(Path.Combine(j, ".emu")));
    }
}
