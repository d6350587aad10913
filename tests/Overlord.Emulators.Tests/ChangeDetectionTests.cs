namespace Overlord.Emulators.Tests;

/// <summary>Step 7 of §3.3: what <c>up</c> tears down and rebuilds, and in which order it builds.</summary>
public sealed class ChangeDetectionTests : EmuFixture
{
    private List<string> NestedSince(int mark) =>
        Host.ReadJournal().Skip(mark).Where(e => e.Nested).Select(e => string.Join(' ', e.Argv)).ToList();

    private async Task Up(string file, params string[] extra)
    {
        var r = await Run("appjail-director", ["up", "-j", "-f", file, "-p", "cd", .. extra]);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public async Task Priority_order_overwrite_mtime_and_ignore_mtime()
    {
        WriteWork("Makejail", "PKG a\n");
        WriteWork("Other", "PKG b\n");
        var file = WriteWork("cd.yml", """
            services:
              late:
                name: jlate
                priority: 50
              early:
                name: jearly
                priority: 2
                makejail: Other
                ignore_mtime: true
            """);
        await Up(file);
        var builds = NestedSince(0).Where(c => c.StartsWith("makejail", StringComparison.Ordinal)).ToList();
        Assert.Equal(["makejail -j jearly -f Other", "makejail -j jlate -f Makejail"], builds);

        // A newer Makejail rebuilds its service; ignore_mtime shields the other one.
        var mark = Host.ReadJournal().Count;
        File.SetLastWriteTimeUtc(Path.Combine(Work, "Makejail"), DateTime.UtcNow.AddMinutes(5));
        File.SetLastWriteTimeUtc(Path.Combine(Work, "Other"), DateTime.UtcNow.AddMinutes(5));
        await Up(file);
        var calls = NestedSince(mark);
        Assert.Contains("makejail -j jlate -f Makejail", calls);
        Assert.DoesNotContain("makejail -j jearly -f Other", calls);

        mark = Host.ReadJournal().Count;
        await Up(file, "--overwrite");
        calls = NestedSince(mark);
        Assert.Contains("jail destroy -f -- jearly", calls);
        Assert.Contains("makejail -j jearly -f Other", calls);
        Assert.Contains("makejail -j jlate -f Makejail", calls);

        // down stops in reverse priority order.
        mark = Host.ReadJournal().Count;
        Assert.Equal(0, (await Run("appjail-director", "down", "-j", "-p", "cd")).ExitCode);
        Assert.Equal(["stop -- jlate", "stop -- jearly"], NestedSince(mark).Where(c => c.StartsWith("stop", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Top_level_options_change_rebuilds_unless_reset_options()
    {
        WriteWork("Makejail", "PKG a\n");
        const string Spec = """
            options:
              - label: 'tier:{0}'
            services:
              a:
                name: ja
              b:
                name: jb
                reset_options: true
                options:
                  - label: 'own:1'
            """;
        var file = WriteWork("cd.yml", Spec.Replace("{0}", "one", StringComparison.Ordinal));
        await Up(file);
        Assert.Contains("makejail -j ja -f Makejail -o label=tier:one", NestedSince(0));
        Assert.Contains("makejail -j jb -f Makejail -o label=own:1", NestedSince(0));

        var mark = Host.ReadJournal().Count;
        File.WriteAllText(file, Spec.Replace("{0}", "two", StringComparison.Ordinal));
        await Up(file);
        var calls = NestedSince(mark);
        Assert.Contains("makejail -j ja -f Makejail -o label=tier:two", calls);
        Assert.DoesNotContain(calls, c => c.StartsWith("makejail -j jb", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stop_failure_during_removal_is_not_fatal()
    {
        WriteWork("Makejail", "PKG a\n");
        var file = WriteWork("cd.yml", "services:\n  a:\n    name: ja\n");
        await Up(file);
        Host.AddFault(new FaultRule("appjail", "exit=1") { Argv = "stop -- ja", Count = 1 });
        var r = await Run("appjail-director", "up", "-j", "--overwrite", "-f", file, "-p", "cd");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("{\n  \"errlevel\": 0,\n  \"message\": null,\n  \"failed\": [\n    {\n      \"type\": \"stop\",\n      \"service\": \"a\"\n    }\n  ]\n}\n", r.Stdout);
        Assert.Equal("done", ReadKey("cd", "state"));
        Assert.Equal(0, (await Run("appjail", "status", "-q", "ja")).ExitCode);
    }

    [Fact]
    public async Task Scripts_oci_start_environment_and_runtime_makejail_argv()
    {
        WriteWork("Makejail", "PKG a\n");
        WriteWork("Runtime", "CMD echo hi\n");
        var file = WriteWork("cd.yml", """
            services:
              a:
                name: ja
                arguments:
                  - tag: '14.2'
                start:
                  - port: '80'
                start-environment:
                  - MODE: prod
                oci:
                  user: www
                  workdir: /srv
                  environment:
                    - K: v
                scripts:
                  - text: echo pre
                    type: chroot
                  - text: exit 0
                    post-start: true
                runtime-makejail: Runtime
                runtime-environment:
                  - R: '1'
            """);
        await Up(file);
        var calls = NestedSince(0);
        Assert.Contains("makejail -j ja -f Makejail -- --tag 14.2", calls);
        Assert.Contains("enable ja start -s port=80 -V MODE=prod", calls);
        Assert.Contains("oci set-user ja www", calls);
        Assert.Contains("oci set-workdir ja /srv", calls);
        Assert.Contains("oci set-env ja K v", calls);
        Assert.Contains("cmd chroot ja -- /bin/sh -c echo pre", calls);
        Assert.Contains("apply ja Runtime -V R=1", calls);
        // Pre-start scripts run before start (jexec needs a running jail, hence chroot), post-start ones after it.
        Assert.True(calls.IndexOf("cmd chroot ja -- /bin/sh -c echo pre") < calls.IndexOf("start -- ja"));
        Assert.True(calls.IndexOf("cmd jexec ja -- /bin/sh -c exit 0") > calls.IndexOf("start -- ja"));
        var log = ReadKey("cd", "last_log")!;
        Assert.True(File.Exists(Path.Combine(log, "a", "runtime-makejail.log")));
        Assert.True(File.Exists(Path.Combine(log, "a", "oci-environment.log")));
    }
}
