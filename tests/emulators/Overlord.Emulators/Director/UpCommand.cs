using System.Globalization;
using Overlord.Emulators.Cli;
using Overlord.Emulators.Hosting;
using Overlord.Emulators.Journal;

namespace Overlord.Emulators.Director;

/// <summary>
/// <c>appjail-director up [-j] [-q] [--overwrite] [-f FILE] [-p P]</c>: steps 1–12 of §3.3, AppJail run in-process.
/// With <c>-j</c> the JSON is printed on every exit except SIGKILL (also after an exception, whose block goes to
/// stderr first).
/// </summary>
internal static class UpCommand
{
    private sealed class Run
    {
        public required DirectorContext D { get; init; }
        public required ProjectStore Store { get; init; }
        public required string BaseDir { get; init; }
        public UpResult Result { get; } = new() { Errlevel = 0 };
        public bool Picked { get; set; }
        public string? CurrentJail { get; set; }
        public string? FaultService { get; set; }
        public ProjectSpec? Spec { get; set; }
    }

    /// <summary>Ends the build with a code (Director's "exit with the child's code").</summary>
    private sealed class Stop(int? code) : Exception
    {
        public int? Code { get; } = code;
    }

    public static int Execute(DirectorContext d, List<string> args)
    {
        bool json = false, overwrite = false;
        string? file = null, project = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-j" or "--json": json = true; break;
                case "-q" or "--quiet": break;
                case "--overwrite": overwrite = true; break;
                case "-f" or "--file" when i + 1 < args.Count: file = args[++i]; break;
                case "-p" or "--project" when i + 1 < args.Count: project = args[++i]; break;
                default:
                    d.Ctx.Err.Write($"Error: No such option: {args[i]}\n");
                    return 2;
            }
        }
        project ??= d.Ctx.GetEnv("DIRECTOR_PROJECT") ?? ProjectStore.RandomName();
        if (!ProjectStore.IsValidName(project))
        {
            throw new DirectorError("InvalidProjectName", $"{project}: Invalid project name.");
        }
        file ??= "appjail-director.yml";
        var path = Path.GetFullPath(Path.Combine(d.Ctx.Cwd, file));
        var result = new UpResult { Errlevel = 0 };
        if (!File.Exists(path))
        {
            result.Errlevel = ExitCodes.NoInput;
            result.Message = $"{file}: Director file cannot be found.";
            Print(d, json, result);
            return ExitCodes.NoInput;
        }

        var store = new ProjectStore(d.Config, project);
        if (d.Ctx.Faults.Has("stale-lock"))
        {
            store.TryLock();
        }
        if (!store.TryLock())
        {
            return Fail(d, json, result, new DirectorError("ProjectLocked", store.LockedMessage()));
        }

        var run = new Run { D = d, Store = store, BaseDir = Path.GetDirectoryName(path)! };
        var entered = false;
        var success = false;
        int code;
        try
        {
            var text = File.ReadAllText(path);
            var spec = ProjectSpec.Parse(text, d.Ctx.GetEnv);
            run.Spec = spec;
            ProjectSpec? old = null;
            if (File.Exists(store.StoredSpec))
            {
                try
                {
                    old = ProjectSpec.Parse(File.ReadAllText(store.StoredSpec), d.Ctx.GetEnv);
                }
                catch (DirectorError)
                {
                    old = null;
                }
            }
            var isNew = !File.Exists(store.StoredSpec);
            store.StoreSpec(text);
            entered = true;
            store.SetKey("state", "unfinished");
            store.SetKey("pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            store.SetKey("ppid", Native.ParentPid().ToString(CultureInfo.InvariantCulture));
            Signals.Interruptible = true;
            run.FaultService = d.Ctx.Faults.Rule("exit")?.Service ?? d.Ctx.Faults.Rule("child-timeout")?.Service
                ?? d.Ctx.Faults.Rule("hang")?.Service ?? d.Ctx.Faults.Rule("sigkill-self")?.Service;

            Removals(run, spec, old, isNew, overwrite);
            foreach (var s in spec.Services.OrderBy(s => s.Priority))
            {
                Build(run, s);
            }
            success = true;
            code = 0;
        }
        catch (Stop s)
        {
            run.Result.Errlevel = s.Code;
            code = s.Code ?? 0;
        }
        catch (OperationCanceledException)
        {
            code = Interrupted(run);
        }
        catch (DirectorError e)
        {
            d.Stamp.Report(d.Ctx.Err, e);
            run.Result.Errlevel = ExitCodes.Software;
            code = ExitCodes.Software;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            // Director reports any exception the same way; keep the lock/state cleanup of step 12.
            d.Stamp.Report(d.Ctx.Err, new DirectorError(e.GetType().Name, e.Message));
            run.Result.Errlevel = ExitCodes.Software;
            code = ExitCodes.Software;
        }
        finally
        {
            Signals.Interruptible = false;
            if (entered)
            {
                store.SetKey("state", success ? "done" : "failed");
                store.DeleteKey("pid");
                store.DeleteKey("ppid");
            }
            store.Unlock();
        }
        Print(d, json, run.Result);
        return code;
    }

    private static int Fail(DirectorContext d, bool json, UpResult result, DirectorError e)
    {
        d.Stamp.Report(d.Ctx.Err, e);
        result.Errlevel = ExitCodes.Software;
        Print(d, json, result);
        return ExitCodes.Software;
    }

    private static void Print(DirectorContext d, bool json, UpResult result)
    {
        if (json)
        {
            d.Ctx.Out.Write(result.ToJson());
        }
        else if (result.Message is { } m)
        {
            d.Ctx.Err.Write(m + "\n");
        }
    }

    /// <summary>§3.3 "Signals": before a jail was picked → exit 0, errlevel unchanged; afterwards stop it, exit 70.</summary>
    private static int Interrupted(Run run)
    {
        if (!run.Picked)
        {
            return run.Result.Errlevel ?? 0;
        }
        if (run.CurrentJail is { } j && run.D.Status(j, run.Store.Name) == 0)
        {
            run.D.AppJail(["stop", "--", j], null, run.Store.Name, null, run.BaseDir);
        }
        run.Result.Errlevel = ExitCodes.Software;
        return ExitCodes.Software;
    }

    private static void CheckCancel(Run run)
    {
        if (run.D.Ctx.Cancel.IsCancellationRequested)
        {
            throw new OperationCanceledException();
        }
    }

    private static string Log(Run run, string service, string step)
    {
        run.Store.SetKey("last_log", run.D.Stamp.Dir);
        return run.D.Stamp.StepLog(service, step);
    }

    /// <summary>Steps 7–8: which services to tear down, then stop/destroy them (unordered; spec order here).</summary>
    private static void Removals(Run run, ProjectSpec spec, ProjectSpec? old, bool isNew, bool overwrite)
    {
        var store = run.Store;
        var targets = new List<(string Service, string Jail, bool Dropped)>();
        var newNames = spec.Services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var o in old?.Services ?? [])
        {
            if (!newNames.Contains(o.Name) && (store.ServiceKey(o.Name, "name") ?? o.Jail) is { Length: > 0 } j)
            {
                targets.Add((o.Name, j, true));
            }
            else if (!newNames.Contains(o.Name))
            {
                store.DeleteServiceDir(o.Name);
            }
        }
        var optionsChanged = old is not null && old.OptionsCanonical != spec.OptionsCanonical;
        foreach (var s in spec.Services)
        {
            var prev = old?.Services.Find(x => x.Name == s.Name);
            var changed = overwrite || isNew
                || (prev is not null && prev.Canonical != s.Canonical)
                || store.HasServiceKey(s.Name, "fail")
                || (!s.IgnoreMtime && MakejailNewer(run, s))
                || (optionsChanged && !s.ResetOptions);
            if (!changed)
            {
                continue;
            }
            var jail = store.ServiceKey(s.Name, "name") is { Length: > 0 } cached ? cached : s.Jail;
            if (jail is not null)
            {
                targets.Add((s.Name, jail, false));
            }
        }
        foreach (var (service, jail, dropped) in targets)
        {
            CheckCancel(run);
            if (run.D.JailExists(jail, store.Name))
            {
                if (run.D.Status(jail, store.Name) == 0
                    && run.D.AppJail(["stop", "--", jail], Log(run, service, "stop"), store.Name, service, run.BaseDir) != 0)
                {
                    run.Result.Failed.Add(("stop", service));
                }
                if (!run.D.JailFlag(jail, "ephemeral", store.Name) && run.D.JailExists(jail, store.Name))
                {
                    var rc = run.D.AppJail(DestroyArgv(run.D.Config, jail), Log(run, service, "destroy"), store.Name, service, run.BaseDir);
                    if (rc != 0)
                    {
                        store.SetServiceKey(service, "fail", "");
                        run.Result.Failed.Add(("destroy", service));
                        throw new Stop(rc);
                    }
                }
            }
            // A random name stays cached for the rebuild; a fixed name overwrites the cache in JailName.
            if (dropped)
            {
                store.DeleteServiceDir(service);
            }
        }
    }

    public static List<string> DestroyArgv(DirectorConfig config, string jail)
    {
        var argv = new List<string> { "jail", "destroy" };
        if (config.RemoveRecursive)
        {
            argv.Add("-R");
        }
        if (config.RemoveForce)
        {
            argv.Add("-f");
        }
        argv.AddRange(["--", jail]);
        return argv;
    }

    private static bool MakejailNewer(Run run, ServiceSpec s)
    {
        var file = Path.Combine(run.BaseDir, s.Makejail);
        if (!File.Exists(file) || run.Store.ServiceKey(s.Name, "makejail_mtime") is not { } stored
            || !double.TryParse(stored, NumberStyles.Float, CultureInfo.InvariantCulture, out var before))
        {
            return false;
        }
        return Mtime(file) > before;
    }

    private static double Mtime(string file) =>
        new DateTimeOffset(File.GetLastWriteTimeUtc(file)).ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>Steps 9–11 for one service.</summary>
    private static void Build(Run run, ServiceSpec s)
    {
        CheckCancel(run);
        var (d, store) = (run.D, run.Store);
        var jail = store.JailName(s);
        run.Picked = true;
        run.CurrentJail = jail;
        var faults = d.Ctx.Faults;
        var targeted = run.FaultService is null || run.FaultService == s.Name;
        if (targeted && faults.Has("sigkill-self"))
        {
            // SIGKILL mid-up: UNFINISHED, lock and pid stay, no JSON (the journal line says 137).
            Program.JournalBeforeDeath(137);
            System.Diagnostics.Process.GetCurrentProcess().Kill();
        }
        (int Code, string Step)? injected = null;
        if (targeted && faults.Value("exit") is { } ev)
        {
            var at = ev.IndexOf('@');
            injected = (int.Parse(at < 0 ? ev : ev[..at], CultureInfo.InvariantCulture), at < 0 ? "makejail" : ev[(at + 1)..]);
            run.FaultService = "\0done";
        }

        int Step(string step, List<string> argv, IReadOnlyDictionary<string, string>? env = null)
        {
            CheckCancel(run);
            var log = Log(run, s.Name, step);
            if (injected is { } inj && inj.Step == step)
            {
                File.AppendAllText(log, "[00:00:00] [ error ] Injected failure (overlord-emu).\n");
                return inj.Code;
            }
            var rc = d.AppJail(argv, log, store.Name, s.Name, run.BaseDir, env);
            CheckCancel(run);
            return rc;
        }
        void Failed(string step, int rc, bool markFail = true)
        {
            if (markFail)
            {
                store.SetServiceKey(s.Name, "fail", "");
            }
            run.Result.Failed.Add((step, s.Name));
            throw new Stop(rc);
        }

        var exists = d.JailExists(jail, store.Name);
        if (!exists || d.JailFlag(jail, "dirty", store.Name))
        {
            var mj = Path.Combine(run.BaseDir, s.Makejail);
            store.SetServiceKey(s.Name, "makejail_mtime",
                File.Exists(mj) ? Mtime(mj).ToString("0.0##", CultureInfo.InvariantCulture) : "0.0");
            if (targeted && faults.Has("child-timeout"))
            {
                // commands.timeout hit: the child is killed, its code never reaped → errlevel null, exit 0, FAILED.
                Log(run, s.Name, "makejail");
                store.SetServiceKey(s.Name, "fail", "");
                run.Result.Failed.Add(("makejail", s.Name));
                throw new Stop(null);
            }
            var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["GIT_ASKPASS"] = "true" };
            int rc;
            if (targeted && faults.Has("hang"))
            {
                // The build never ends; the nested makejail waits for the signal with the jail left dirty.
                env["OVERLORD_EMU_FAULT"] = "tool=appjail;argv=makejail*;effect=hang";
            }
            rc = Step("makejail", MakejailArgv(run, s, jail), env);
            if (rc != 0)
            {
                Failed("makejail", rc);
            }
            if (s.Start.Count > 0 || s.StartEnvironment.Count > 0)
            {
                var argv = new List<string> { "enable", jail, "start" };
                foreach (var a in s.Start)
                {
                    argv.AddRange(["-s", $"{a.Key}={a.Value}"]);
                }
                foreach (var e in s.StartEnvironment)
                {
                    argv.AddRange(["-V", e.Value is null ? e.Key : $"{e.Key}={e.Value}"]);
                }
                if ((rc = Step("enable-start", argv)) != 0)
                {
                    Failed("enable-start", rc);
                }
            }
            if (s.OciUser is { } user && (rc = Step("oci-user", ["oci", "set-user", jail, user])) != 0)
            {
                Failed("oci-user", rc);
            }
            if (s.OciWorkdir is { } wd && (rc = Step("oci-workdir", ["oci", "set-workdir", jail, wd])) != 0)
            {
                Failed("oci-workdir", rc);
            }
            foreach (var e in s.OciEnvironment)
            {
                if ((rc = Step("oci-environment", ["oci", "set-env", jail, e.Key, e.Value ?? ""])) != 0)
                {
                    Failed("oci-environment", rc);
                }
            }
            foreach (var sc in s.Scripts.Where(x => !x.PostStart))
            {
                if ((rc = Step("scripts", ScriptArgv(sc, jail))) != 0)
                {
                    Failed("scripts", rc);
                }
            }
        }
        if (d.Status(jail, store.Name) != 0)
        {
            var rc = Step("start", ["start", "--", jail]);
            if (rc != 0)
            {
                Failed("start", rc);
            }
        }
        store.DeleteServiceKey(s.Name, "fail");
        foreach (var sc in s.Scripts.Where(x => x.PostStart))
        {
            var rc = Step("scripts", ScriptArgv(sc, jail));
            if (rc != 0)
            {
                Failed("scripts", rc, markFail: false);
            }
        }
        if (s.RuntimeMakejail is { } runtime)
        {
            var argv = new List<string> { "apply", jail, runtime };
            foreach (var e in s.RuntimeEnvironment)
            {
                argv.AddRange(["-V", e.Value is null ? e.Key : $"{e.Key}={e.Value}"]);
            }
            AddArguments(argv, s.RuntimeArguments);
            var rc = Step("runtime-makejail", argv, new Dictionary<string, string> { ["GIT_ASKPASS"] = "true" });
            if (rc != 0)
            {
                Failed("runtime-makejail", rc, markFail: false);
            }
        }
    }

    private static List<string> ScriptArgv(ScriptSpec sc, string jail) =>
        ["cmd", sc.Type, jail, "--", .. ShellWords.Split(sc.Shell), sc.Text];

    private static void AddArguments(List<string> argv, List<KeyItem> args)
    {
        if (args.Count == 0)
        {
            return;
        }
        argv.Add("--");
        foreach (var a in args)
        {
            argv.AddRange(["--" + a.Key, a.Value ?? ""]);
        }
    }

    /// <summary>§3.11 build argv: -V build env, fstab volumes, global then service options, -- arguments.</summary>
    private static List<string> MakejailArgv(Run run, ServiceSpec s, string jail)
    {
        var spec = run.Spec!;
        var argv = new List<string> { "makejail", "-j", jail, "-f", s.Makejail };
        foreach (var e in s.Environment)
        {
            argv.AddRange(["-V", e.Value is null ? e.Key : $"{e.Key}={e.Value}"]);
        }
        foreach (var v in s.Volumes)
        {
            if (!spec.Volumes.TryGetValue(v.Key, out var vol))
            {
                throw new DirectorError("VolumeNotFound", $"{v.Key}: Volume not found.");
            }
            var type = vol.Type ?? spec.DefaultVolumeType;
            var device = vol.Device;
            if (type is "nullfs" or "<pseudofs>" or "<volumefs>")
            {
                device = Path.GetFullPath(Path.Combine(run.BaseDir, device));
                Directory.CreateDirectory(device);
            }
            argv.AddRange(["-o", $"fstab=\"{device}\" \"{v.Value}\" \"{type}\" \"{vol.Options}\" {vol.Dump} {vol.Pass}"]);
        }
        var options = s.ResetOptions ? s.Options : [.. spec.Options, .. s.Options];
        foreach (var o in options)
        {
            argv.AddRange(["-o", o.Value is null ? o.Key : $"{o.Key}={o.Value}"]);
        }
        AddArguments(argv, s.Arguments);
        return argv;
    }
}
