namespace Overlord.Emulators.Tests;

public sealed class JournalTests : EmuFixture
{
    [Fact]
    public async Task Every_call_is_journaled_with_env_subset_cwd_and_exit()
    {
        Host.AddJail("web1").Running();
        Env["DIRECTOR_PROJECT"] = "wiki";
        Env["OVERLORD_METADATA"] = "{}";
        Env["UNRELATED"] = "x";
        await Run("appjail", "status", "-q", "--", "web1");
        await Run("appjail", "status", "-q", "--", "ghost");
        var j = Host.ReadJournal();
        Assert.Equal(2, j.Count);
        Assert.Equal(["status", "-q", "--", "web1"], j[0].Argv);
        Assert.Equal("appjail", j[0].Tool);
        Assert.Equal(0, j[0].Exit);
        Assert.Equal(66, j[1].Exit);
        Assert.Equal(Work, j[0].Cwd);
        Assert.False(j[0].Nested);
        Assert.Equal(new Dictionary<string, string> { ["DIRECTOR_PROJECT"] = "wiki", ["OVERLORD_METADATA"] = "{}" }, j[0].Env);
    }

    [Fact]
    public async Task Director_children_are_journaled_as_nested_calls()
    {
        var file = WriteWikiProject();
        await Run("appjail-director", "up", "-j", "-f", file, "-p", "wiki");
        var j = Host.ReadJournal();
        var up = j.Single(e => !e.Nested);
        var nested = j.Where(e => e.Nested).ToList();
        Assert.All(nested, e => Assert.Equal(up.Pid, e.Pid));
        Assert.Contains(nested, e => e.Argv.SequenceEqual(["makejail", "-j", "wiki-db", "-f", "Makejail"]));
        Assert.Contains(nested, e => e.Argv.SequenceEqual(["start", "--", "wiki-db"]));
        Assert.Contains(nested, e => e.Argv.SequenceEqual(["status", "-q", "--", "wiki-db"]));
    }

    [Fact]
    public async Task Concurrent_callers_never_interleave_lines_and_state_stays_consistent()
    {
        Host.AddJail("web1").Running();
        var file = WriteWikiProject();
        var deploy = Run("appjail-director", "up", "-j", "-f", file, "-p", "wiki");
        var polls = Enumerable.Range(0, 12).Select(i => (i % 3) switch
        {
            0 => Run("appjail", "jail", "get", "-I", "-t", "--", "web1", "name", "status"),
            1 => Run("rctl", "-u", "jail:web1"),
            _ => Run("appjail-director", "ls"),
        }).ToList();
        var results = await Task.WhenAll(polls.Append(deploy));
        Assert.All(results, r => Assert.Equal(0, r.ExitCode));
        Assert.Equal("done", ReadKey("wiki", "state"));

        var lines = File.ReadAllLines(Path.Combine(Host.Root, ".emu", "journal.jsonl"));
        Assert.Equal(Host.ReadJournal().Count, lines.Length);
        Assert.Equal(13, Host.ReadJournal().Count(e => !e.Nested));
    }
}
