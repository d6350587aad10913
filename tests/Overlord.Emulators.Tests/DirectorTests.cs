using System.Text.Json;

namespace Overlord.Emulators.Tests;

public sealed class DirectorTests : EmuFixture
{
    private const string OkJson = "{\n  \"errlevel\": 0,\n  \"message\": null,\n  \"failed\": []\n}\n";

    private static string Describe(string name, string state, string? lastLog, bool locked, params (string Name, int Status, string Jail)[] services)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append($"{{\n  \"name\": \"{name}\",\n  \"state\": \"{state}\",\n  \"last_log\": {(lastLog is null ? "null" : $"\"{lastLog}\"")},\n");
        sb.Append($"  \"locked\": {(locked ? "true" : "false")},\n  \"services\": ");
        if (services.Length == 0)
        {
            sb.Append("[]");
        }
        else
        {
            sb.Append("[\n");
            sb.Append(string.Join(",\n", services.Select(s =>
                $"    {{\n      \"name\": \"{s.Name}\",\n      \"status\": {s.Status},\n      \"jail\": \"{s.Jail}\"\n    }}")));
            sb.Append("\n  ]");
        }
        sb.Append("\n}\n");
        return sb.ToString();
    }

    [Fact]
    public async Task Up_builds_and_starts_then_describe_ls_and_down_agree_with_appjail()
    {
        var file = WriteWikiProject();
        var up = await Run("appjail-director", "up", "-j", "-f", file, "-p", "wiki");
        Assert.Equal((0, OkJson), (up.ExitCode, up.Stdout));

        var appJail = ReadKey("wiki", "app/name")!;
        Assert.Matches("^[0-9a-f]{10}$", appJail);
        Assert.Equal("done", ReadKey("wiki", "state"));
        Assert.Null(ReadKey("wiki", "pid"));
        Assert.False(File.Exists(Path.Combine(Host.DirectorLocksDirectory, "wiki", "lock")));
        var lastLog = ReadKey("wiki", "last_log")!;
        Assert.True(File.Exists(Path.Combine(lastLog, "db", "makejail.log")));
        Assert.True(File.Exists(Path.Combine(lastLog, "app", "start.log")));
        Assert.Matches(@"/\d{4}-\d{2}-\d{2}_\d{2}h\d{2}m\d{2}s$", lastLog);
        Assert.Equal("app.tier:web".Split(':')[1], File.ReadAllText(Path.Combine(Host.JailsDirectory, appJail, "conf", "labels", "app.tier", "value")));

        var describe = await Run("appjail-director", "describe", "-p", "wiki");
        Assert.Equal(Describe("wiki", "DONE", lastLog, false, ("db", 0, "wiki-db"), ("app", 0, appJail)), describe.Stdout);
        Assert.Equal(0, (await Run("appjail", "status", "-q", "--", appJail)).ExitCode);
        Assert.Equal(" + wiki\n", (await Run("appjail-director", "ls")).Stdout.Replace("Projects:\n", "", StringComparison.Ordinal));

        // Re-apply converges without rebuilding: no makejail step logged this time.
        var journalBefore = Host.ReadJournal().Count;
        Assert.Equal(0, (await Run("appjail-director", "up", "-j", "-f", file, "-p", "wiki")).ExitCode);
        Assert.DoesNotContain(Host.ReadJournal().Skip(journalBefore), e => e.Argv.FirstOrDefault() == "makejail");

        var down = await Run("appjail-director", "down", "-j", "-p", "wiki");
        Assert.Equal((0, OkJson), (down.ExitCode, down.Stdout));
        Assert.Equal(Describe("wiki", "DONE", ReadKey("wiki", "last_log"), false, ("db", 1, "wiki-db"), ("app", 1, appJail)),
            (await Run("appjail-director", "describe", "-p", "wiki")).Stdout);

        var destroy = await Run("appjail-director", "down", "-j", "-d", "--ignore-failed", "-p", "wiki");
        Assert.Equal((0, OkJson), (destroy.ExitCode, destroy.Stdout));
        Assert.Equal(66, (await Run("appjail-director", "check", "-p", "wiki")).ExitCode);
        Assert.Equal(66, (await Run("appjail", "status", "-q", "wiki-db")).ExitCode);
        Assert.Equal("No project has been created.\n", (await Run("appjail-director", "ls")).Stdout);
        // Director keeps logs after a destroy.
        Assert.True(Directory.Exists(lastLog));
    }

    [Fact]
    public async Task Changed_service_is_rebuilt_and_dropped_service_destroyed()
    {
        WriteWork("Makejail", "PKG nginx\n");
        var file = WriteWork("p.yml", "services:\n  a:\n    name: ja\n  b:\n    name: jb\n");
        Assert.Equal(0, (await Run("appjail-director", "up", "-j", "-f", file, "-p", "p")).ExitCode);
        Assert.Equal(Describe("p", "DONE", ReadKey("p", "last_log"), false, ("a", 0, "ja"), ("b", 0, "jb")),
            (await Run("appjail-director", "describe", "-p", "p")).Stdout);
        File.WriteAllText(file, "services:\n  a:\n    name: ja\n    options:\n      - label: 'x:1'\n");
        var mark = Host.ReadJournal().Count;
        Assert.Equal(0, (await Run("appjail-director", "up", "-j", "-f", file, "-p", "p")).ExitCode);
        var calls = Host.ReadJournal().Skip(mark).Where(e => e.Nested).Select(e => string.Join(' ', e.Argv)).ToList();
        Assert.Equal("ja", ReadKey("p", "a/name"));
        Assert.Contains("jail destroy -f -- jb", calls);
        Assert.Contains("jail destroy -f -- ja", calls);
        Assert.Contains("makejail -j ja -f Makejail -o label=x:1", calls);
        Assert.False(Directory.Exists(Path.Combine(ProjectFile("p"), "b")));
        // describe's cached service list follows the new stored copy.
        Assert.Equal(Describe("p", "DONE", ReadKey("p", "last_log"), false, ("a", 0, "ja")),
            (await Run("appjail-director", "describe", "-p", "p")).Stdout);
        Assert.Equal(66, (await Run("appjail", "status", "-q", "jb")).ExitCode);
    }

    [Fact]
    public async Task Missing_file_missing_project_and_check()
    {
        var up = await Run("appjail-director", "up", "-j", "-f", "nope.yml", "-p", "x");
        Assert.Equal(66, up.ExitCode);
        Assert.Equal("{\n  \"errlevel\": 66,\n  \"message\": \"nope.yml: Director file cannot be found.\",\n  \"failed\": []\n}\n", up.Stdout);
        var down = await Run("appjail-director", "down", "-j", "-p", "x");
        Assert.Equal((66, "{\n  \"errlevel\": 66,\n  \"message\": \"x: Project not found.\",\n  \"failed\": []\n}\n"), (down.ExitCode, down.Stdout));
        var describe = await Run("appjail-director", "describe", "-p", "x");
        Assert.Equal((66, "", "x: Project not found.\n"), (describe.ExitCode, describe.Stdout, describe.Stderr));
        Assert.Equal(66, (await Run("appjail-director", "cancel", "-p", "x")).ExitCode);
        Assert.Equal(65, (await Run("appjail-director", "check")).ExitCode);
        Env["DIRECTOR_PROJECT"] = "x";
        Assert.Equal(66, (await Run("appjail-director", "check")).ExitCode);
        var bad = await Run("appjail-director", "check", "-p", "bad/name");
        Assert.Equal(70, bad.ExitCode);
        Assert.StartsWith("Exception:\n type: InvalidProjectName\n", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_spec_is_70_and_writes_nothing()
    {
        var file = WriteWork("bad.yml", "services: {}\nfoo: 1\n");
        var r = await Run("appjail-director", "up", "-j", "-f", file, "-p", "bad");
        Assert.Equal(70, r.ExitCode);
        Assert.Matches("^Exception:\n type: InvalidSpec\n error: <main>: Unknown key \"foo\".\n file: .*/exception.log\n$", r.Stderr);
        Assert.False(Directory.Exists(ProjectFile("bad")));
        Assert.False(File.Exists(Path.Combine(Host.DirectorLocksDirectory, "bad", "lock")));
    }

    [Fact]
    public async Task Locked_project_is_70_and_state_kept()
    {
        Host.AddJail("j1").Running();
        Host.AddProject("wiki").State("done").Service("web", "j1").Locked();
        var file = WriteWork("w.yml", "services:\n  web:\n    name: j1\n");
        var r = await Run("appjail-director", "up", "-j", "-f", file, "-p", "wiki");
        Assert.Equal(70, r.ExitCode);
        Assert.Contains($" error: wiki: Project locked. Run `rm -f {Host.DirectorLocksDirectory}/wiki/lock` if you are sure", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("done", ReadKey("wiki", "state"));
        Assert.Equal(70, (await Run("appjail-director", "down", "-j", "-p", "wiki")).ExitCode);
        Assert.Equal(Describe("wiki", "DONE", null, true, ("web", 0, "j1")), (await Run("appjail-director", "describe", "-p", "wiki")).Stdout);
    }

    [Fact]
    public async Task Describe_per_seeded_state_and_ls_symbols()
    {
        Host.AddJail("a1").Running();
        Host.AddProject("p1").State("done").Service("s", "a1").LastLog("2025-06-14_09h41m07s");
        Host.AddProject("p2").State("failed");
        Host.AddProject("p3").State(null);
        Host.AddProject("p4").State("destroying");
        Assert.Equal(Describe("p1", "DONE", Path.Combine(Host.DirectorLogsDirectory, "2025-06-14_09h41m07s"), false, ("s", 0, "a1")),
            (await Run("appjail-director", "describe", "-p", "p1")).Stdout);
        Assert.Equal(Describe("p3", "UNFINISHED", null, false), (await Run("appjail-director", "describe", "-p", "p3")).Stdout);
        Assert.Equal(Describe("p4", "DESTROYING", null, false), (await Run("appjail-director", "describe", "-p", "p4")).Stdout);
        var ls = (await Run("appjail-director", "ls")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Equal("Projects:", ls[0]);
        Assert.Equal([" ! p3", " + p1", " - p2", " x p4"], ls.Skip(1).Order(StringComparer.Ordinal));
        Assert.Equal(" - p2\n", (await Run("appjail-director", "ls", "-s", "failed")).Stdout.Replace("Projects:\n", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Failing_makejail_sets_fail_and_errlevel_then_next_up_rebuilds()
    {
        var file = WriteWikiProject();
        Host.AddFault(new FaultRule("appjail", "exit=3") { Argv = "makejail -j wiki-db *", Count = 1 });
        var r = await Run("appjail-director", "up", "-j", "-f", file, "-p", "wiki");
        Assert.Equal(3, r.ExitCode);
        Assert.Equal("{\n  \"errlevel\": 3,\n  \"message\": null,\n  \"failed\": [\n    {\n      \"type\": \"makejail\",\n      \"service\": \"db\"\n    }\n  ]\n}\n", r.Stdout);
        Assert.Equal("failed", ReadKey("wiki", "state"));
        Assert.Equal("", ReadKey("wiki", "db/fail"));
        Assert.Equal(0, (await Run("appjail-director", "up", "-j", "-f", file, "-p", "wiki")).ExitCode);
        Assert.Null(ReadKey("wiki", "db/fail"));
    }

    [Fact]
    public async Task Env_tags_config_file_and_env_file()
    {
        WriteWork("Makejail", "PKG nginx\n");
        WriteWork(".env", "JAIL_SUFFIX=fromdotenv\n");
        var file = WriteWork("e.yml", "services:\n  web:\n    name: !ENV 'web-${JAIL_SUFFIX}'\n    environment:\n      - MISSING: !ENV '${NOT_SET_ANYWHERE}'\n");
        var alt = Path.Combine(Work, "alt");
        WriteWork("director.ini", $"[projects]\ndirectory = {alt}/projects\n[locks]\ndirectory = {alt}/locks\n[logs]\ndirectory = {alt}/logs\n");
        Env["DIRECTOR_CONFIG"] = Path.Combine(Work, "director.ini");
        Assert.Equal(0, (await Run("appjail-director", "up", "-j", "-f", file, "-p", "e")).ExitCode);
        Assert.True(Directory.Exists(Path.Combine(alt, "projects", "e")));
        Assert.Equal(0, (await Run("appjail", "status", "-q", "web-fromdotenv")).ExitCode);
        Assert.Contains(Host.ReadJournal(), j => j.Argv.SequenceEqual(["makejail", "-j", "web-fromdotenv", "-f", "Makejail", "-V", "MISSING="]));

        Env["DIRECTOR_CONFIG"] = Path.Combine(Work, "missing.ini");
        var missing = await Run("appjail-director", "ls");
        Assert.Equal((66, $"{Env["DIRECTOR_CONFIG"]}: Configuration file does not exist.\n"), (missing.ExitCode, missing.Stderr));
        WriteWork("broken.ini", "[logs\n");
        Env["DIRECTOR_CONFIG"] = Path.Combine(Work, "broken.ini");
        var broken = await Run("appjail-director", "ls");
        Assert.Equal(78, broken.ExitCode);
        Assert.NotEqual("", broken.Stdout);
    }

    [Fact]
    public async Task Cancel_of_a_hanging_up_ends_it_failed_with_70()
    {
        var file = WriteWikiProject();
        Host.AddFault(new FaultRule("appjail-director", "hang") { Argv = "up *", Project = "wiki", Service = "app" });
        using var up = Start("appjail-director", "up", "-j", "-f", file, "-p", "wiki");
        var collected = EmulatorCommand.CollectAsync(up, TimeSpan.FromSeconds(30), Ct);
        await WaitUntil(() => ReadKey("wiki", "app/makejail_mtime") is not null, "up reached the app build");

        var describe = await Run("appjail-director", "describe", "-p", "wiki");
        using (var doc = JsonDocument.Parse(describe.Stdout))
        {
            Assert.Equal("UNFINISHED", doc.RootElement.GetProperty("state").GetString());
            Assert.True(doc.RootElement.GetProperty("locked").GetBoolean());
        }
        Assert.Equal(0, (await Run("appjail-director", "cancel", "-p", "wiki")).ExitCode);
        var r = await collected;
        Assert.False(r.TimedOut);
        Assert.Equal(70, r.ExitCode);
        Assert.Equal("{\n  \"errlevel\": 70,\n  \"message\": null,\n  \"failed\": []\n}\n", r.Stdout);
        Assert.Equal("failed", ReadKey("wiki", "state"));
        Assert.Null(ReadKey("wiki", "pid"));
        Assert.False(File.Exists(Path.Combine(Host.DirectorLocksDirectory, "wiki", "lock")));
        // The interrupted service gets no fail marker; its half-built jail is dirty.
        Assert.Null(ReadKey("wiki", "app/fail"));
        Assert.Equal("1\n", (await Run("appjail", "jail", "get", "--", ReadKey("wiki", "app/name")!, "dirty")).Stdout);
    }

    [Fact]
    public async Task Cancel_refuses_a_pid_with_another_parent()
    {
        Host.AddProject("p").State("unfinished");
        File.WriteAllText(Path.Combine(ProjectFile("p"), "pid"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(ProjectFile("p"), "ppid"), "1");
        var r = await Run("appjail-director", "cancel", "-p", "p");
        Assert.Equal(70, r.ExitCode);
        Assert.Contains("type: AccessDenied", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Down_destroy_failure_with_and_without_ignore_failed()
    {
        Host.AddJail("j1");
        Host.AddProject("p").State("done").Service("s", "j1");
        Host.AddFault(new FaultRule("appjail", "exit=74") { Argv = "jail destroy*", Count = 1 });
        var r = await Run("appjail-director", "down", "-j", "-d", "-p", "p");
        Assert.Equal(74, r.ExitCode);
        Assert.Equal("{\n  \"errlevel\": 0,\n  \"message\": null,\n  \"failed\": [\n    {\n      \"type\": \"destroy\",\n      \"service\": \"s\"\n    }\n  ]\n}\n", r.Stdout);
        Assert.Equal("failed", ReadKey("p", "state"));

        Host.AddFault(new FaultRule("appjail", "exit=74") { Argv = "jail destroy*", Count = 1 });
        var ignored = await Run("appjail-director", "down", "-j", "-d", "--ignore-failed", "-p", "p");
        Assert.Equal(0, ignored.ExitCode);
        Assert.Contains("\"destroy\"", ignored.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(ProjectFile("p")));
        Assert.Equal(1, (await Run("appjail", "status", "-q", "j1")).ExitCode);
    }
}
