using System.Diagnostics;
using Overlord.Emulators.AppJail;
using Overlord.Emulators.Cli;
using Overlord.Emulators.Faults;
using Overlord.Emulators.Journal;

namespace Overlord.Emulators.Director;

/// <summary>One Director invocation: config, log stamp, and the way it runs AppJail.</summary>
internal sealed class DirectorContext(ToolContext ctx, DirectorConfig config)
{
    public ToolContext Ctx { get; } = ctx;
    public DirectorConfig Config { get; } = config;
    public LogStamp Stamp { get; } = new(config.Logs);

    /// <summary>
    /// Runs <c>appjail ARGV</c> the way Director spawns it, but in-process: output to <paramref name="log"/> (or
    /// discarded), its own fault matching (so a rule on <c>appjail makejail*</c> fails Director's build step) and its
    /// own journal line marked nested.
    /// </summary>
    public int AppJail(IReadOnlyList<string> argv, string? log, string? project, string? service, string cwd,
        IReadOnlyDictionary<string, string>? extraEnv = null) =>
        AppJailCapture(argv, log, project, service, cwd, extraEnv).Code;

    public (int Code, string Output) AppJailCapture(IReadOnlyList<string> argv, string? log, string? project,
        string? service, string cwd, IReadOnlyDictionary<string, string>? extraEnv = null, bool capture = false)
    {
        var started = DateTime.UtcNow;
        var sw = Stopwatch.StartNew();
        var env = Merge(extraEnv);
        var faults = FaultStore.Match(Ctx.Host, "appjail", argv, env.GetValueOrDefault(FaultStore.EnvVariable), project, service);
        TextWriter sink = log is null ? TextWriter.Null : new StreamWriter(log, append: true) { NewLine = "\n" };
        var output = capture ? new StringWriter() : null;
        int code;
        using (sink)
        {
            var child = new ToolContext
            {
                Host = Ctx.Host, Out = output ?? sink, Err = sink, Env = env, Cwd = cwd, Faults = faults,
                Cancel = Ctx.Cancel, Pid = Ctx.Pid,
            };
            code = RunChild(child, argv, faults);
        }
        sw.Stop();
        JournalWriter.Append(Ctx.Host, new JournalEntry(started.ToString("O"), Ctx.Pid, "appjail", [.. argv],
            JournalWriter.EnvSubset(Ctx.Env), cwd, code, sw.Elapsed.TotalMilliseconds, Nested: true, faults.Describe()));
        return (code, output?.ToString() ?? "");
    }

    private static int RunChild(ToolContext child, IReadOnlyList<string> argv, FaultSet faults)
    {
        if (faults.Int("slow-start") is { } ms)
        {
            child.Cancel.WaitHandle.WaitOne(ms);
        }
        if (faults.Value("output") is { } text)
        {
            child.Out.Write(text.Replace("\\n", "\n", StringComparison.Ordinal));
        }
        int code;
        if (faults.Int("exit") is { } forced)
        {
            AjLog.Error(child, "Injected failure (overlord-emu).");
            code = forced;
        }
        else if (faults.Has("hang") && !(argv.Count > 0 && argv[0] == "makejail"))
        {
            // A child that never ends: Director kills it when signalled.
            child.Cancel.WaitHandle.WaitOne();
            code = 143;
        }
        else
        {
            code = AppJailCli.Run(child, argv);
        }
        if (faults.Int("slow-exit") is { } ems)
        {
            child.Cancel.WaitHandle.WaitOne(ems);
        }
        return code;
    }

    private IReadOnlyDictionary<string, string> Merge(IReadOnlyDictionary<string, string>? extra)
    {
        if (extra is null)
        {
            return Ctx.Env;
        }
        var d = new Dictionary<string, string>(Ctx.Env, StringComparer.Ordinal);
        foreach (var (k, v) in extra)
        {
            d[k] = v;
        }
        return d;
    }

    /// <summary><c>appjail status -q -- J</c> as Director asks it (0 running, 1 stopped, 66 absent).</summary>
    public int Status(string jail, string? project) => AppJail(["status", "-q", "--", jail], null, project, null, Ctx.Cwd);

    public bool JailExists(string jail, string? project) => AppJail(["jail", "get", "--", jail, "name"], null, project, null, Ctx.Cwd) == 0;

    /// <summary><c>appjail jail get -- J KW</c> captured: "1" for dirty/ephemeral.</summary>
    public bool JailFlag(string jail, string keyword, string? project) =>
        AppJailCapture(["jail", "get", "--", jail, keyword], null, project, null, Ctx.Cwd, capture: true).Output.Trim() == "1";
}
