using System.Globalization;
using System.Text;
using Overlord.Emulators.Cli;
using Overlord.Emulators.Hosting;

namespace Overlord.Emulators.Director;

/// <summary><c>ls</c>, <c>describe</c>, <c>check</c>, <c>cancel</c>, <c>info</c> (§3.5). No host lock: the real ones take none.</summary>
internal static class ReadCommands
{
    public static int Ls(DirectorContext d, List<string> args)
    {
        var states = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "-s" or "--state" && i + 1 < args.Count)
            {
                var s = args[++i];
                if (s is not ("done" or "failed" or "unfinished" or "destroying"))
                {
                    d.Ctx.Err.Write($"{s}: Invalid state.\n");
                    return ExitCodes.DataErr;
                }
                states.Add(s);
            }
        }
        var projects = Directory.Exists(d.Config.Projects)
            ? Directory.EnumerateDirectories(d.Config.Projects).Select(Path.GetFileName).OfType<string>().ToList()
            : [];
        if (projects.Count == 0)
        {
            d.Ctx.Out.Write("No project has been created.\n");
            return 0;
        }
        if (d.Ctx.Faults.Has("shuffle"))
        {
            Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(projects));
        }
        var sb = new StringBuilder("Projects:\n");
        foreach (var p in projects)
        {
            var state = new ProjectStore(d.Config, p).Key("state") ?? "unfinished";
            if (states.Count > 0 && !states.Contains(state))
            {
                continue;
            }
            var sym = state switch { "done" => '+', "failed" => '-', "destroying" => 'x', _ => '!' };
            sb.Append(' ').Append(sym).Append(' ').Append(p).Append('\n');
        }
        d.Ctx.Out.Write(sb.ToString());
        return 0;
    }

    private static string? ProjectArg(List<string> args)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] is "-p" or "--project")
            {
                return args[i + 1];
            }
        }
        return null;
    }

    private static ProjectStore? Existing(DirectorContext d, List<string> args, bool quiet = false)
    {
        var project = DirectorCli.RequireProject(d, ProjectArg(args));
        var store = new ProjectStore(d.Config, project);
        if (store.Exists)
        {
            return store;
        }
        if (!quiet)
        {
            d.Ctx.Err.Write($"{project}: Project not found.\n");
        }
        return null;
    }

    /// <summary>Byte-exact <c>describe</c> JSON; services in spec order unless the <c>shuffle</c> knob is on.</summary>
    public static int Describe(DirectorContext d, List<string> args)
    {
        if (Existing(d, args) is not { } store)
        {
            return ExitCodes.NoInput;
        }
        var services = new List<object?>();
        if (File.Exists(store.StoredSpec))
        {
            var list = ServiceListCache.Get(d, store);
            if (d.Ctx.Faults.Has("shuffle"))
            {
                Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
            }
            foreach (var (service, fixedJail) in list)
            {
                // Persists a random name for a service that has none yet, as Director does.
                var jail = fixedJail ?? store.JailName(new ServiceSpec { Name = service });
                services.Add(PyJson.Obj(("name", service), ("status", d.Status(jail, store.Name)), ("jail", jail)));
            }
        }
        var state = (store.Key("state") ?? "unfinished").ToUpperInvariant();
        var lastLog = store.Key("last_log");
        d.Ctx.Out.Write(PyJson.Dumps(PyJson.Obj(
            ("name", store.Name), ("state", state), ("last_log", string.IsNullOrEmpty(lastLog) ? null : lastLog),
            ("locked", store.Locked), ("services", services))) + "\n");
        return 0;
    }

    public static int Check(DirectorContext d, List<string> args) =>
        Existing(d, args, quiet: true) is null ? ExitCodes.NoInput : 0;

    /// <summary>SIGTERM to a live <c>up</c> whose parent still matches; pid/ppid removed in every non-error case.</summary>
    public static int Cancel(DirectorContext d, List<string> args)
    {
        if (Existing(d, args) is not { } store)
        {
            return ExitCodes.NoInput;
        }
        if (store.Key("state") == "unfinished" && store.Key("pid") is { } pidText && store.Key("ppid") is { } ppidText)
        {
            var pid = int.Parse(pidText, CultureInfo.InvariantCulture);
            var ppid = int.Parse(ppidText, CultureInfo.InvariantCulture);
            var actual = Native.ParentOf(pid);
            if (actual is null)
            {
                throw new DirectorError("NoSuchProcess", $"process no longer exists (pid={pid})");
            }
            if (actual != ppid)
            {
                throw new DirectorError("AccessDenied", $"{store.Name}: Process {pid} has an unexpected parent ({actual} != {ppid}).");
            }
            Native.Kill(pid, Native.SigTerm);
        }
        store.DeleteKey("pid");
        store.DeleteKey("ppid");
        return 0;
    }

    public static int Info(DirectorContext d, List<string> args)
    {
        if (Existing(d, args) is not { } store)
        {
            return ExitCodes.NoInput;
        }
        var sb = new StringBuilder($"{store.Name}:\n");
        sb.Append($" state: {(store.Key("state") ?? "unfinished").ToUpperInvariant()}\n");
        sb.Append($" last log: {store.Key("last_log") ?? "none"}\n");
        sb.Append($" locked: {(store.Locked ? "true" : "false")}\n");
        sb.Append(" services:\n");
        if (File.Exists(store.StoredSpec))
        {
            foreach (var s in ProjectSpec.Parse(File.ReadAllText(store.StoredSpec), d.Ctx.GetEnv).Services)
            {
                var jail = s.Jail ?? store.JailName(s);
                var st = d.Status(jail, store.Name);
                sb.Append(st switch { 0 => "  + ", 1 => "  - ", _ => "  ! " }).Append($"{s.Name} ({jail})");
                sb.Append(st is 0 or 1 ? "\n" : $" [{st}]\n");
            }
        }
        d.Ctx.Out.Write(sb.ToString());
        return 0;
    }
}
