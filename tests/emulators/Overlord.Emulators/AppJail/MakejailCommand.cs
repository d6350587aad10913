using System.Globalization;
using Overlord.Emulators.Cli;
using Overlord.Emulators.Hosting;

namespace Overlord.Emulators.AppJail;

/// <summary>
/// <c>appjail makejail -j J -f FILE [-V K=V]… [-o OPT]… [-- ARGS]</c>: builds a new or dirty jail. Of the Makejail
/// file only <c>OPTION</c> lines matter (applied like <c>-o</c>, before them); other instructions are no-ops.
/// </summary>
internal static class MakejailCommand
{
    public static int Run(ToolContext ctx, JailStore store, List<string> args)
    {
        string? jail = null, file = null;
        var options = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-j" when i + 1 < args.Count: jail = args[++i]; break;
                case "-f" when i + 1 < args.Count: file = args[++i]; break;
                case "-o" when i + 1 < args.Count: options.Add(args[++i]); break;
                case "-V" or "-a" or "-B" or "-b" when i + 1 < args.Count: i++; break;
                case "--": i = args.Count; break;
                default: throw AjLog.Fail(ctx, ExitCodes.Usage, $"{args[i]}: Invalid option.");
            }
        }
        if (jail is null)
        {
            ctx.Out.Write("usage: appjail makejail [-j jail] [-f makejail] [-o option]... [-V var]... [-- args]\n");
            return ExitCodes.Usage;
        }
        if (!JailStore.IsValidName(jail))
        {
            throw AjLog.Fail(ctx, ExitCodes.DataErr, $"{jail}: Invalid jail name.");
        }
        file ??= "Makejail";
        var path = Path.IsPathRooted(file) ? file : Path.Combine(ctx.Cwd, file);
        if (!File.Exists(path))
        {
            throw AjLog.Fail(ctx, ExitCodes.NoInput, $"{file}: Makejail does not exist.");
        }
        var all = new List<string>();
        foreach (var line in File.ReadAllLines(path))
        {
            var t = line.Trim();
            if (t.StartsWith("OPTION ", StringComparison.Ordinal))
            {
                all.Add(t[7..].Trim());
            }
        }
        all.AddRange(options);
        var overwrite = all.Exists(o => o is "overwrite" or "overwrite=force");

        using (HostLock.Acquire(ctx.Host.HostLockFile))
        {
            if (store.Exists(jail))
            {
                if (!store.IsDirty(jail) && !overwrite)
                {
                    throw AjLog.Fail(ctx, ExitCodes.CantCreat, $"{jail} already exists. Use `overwrite` to remove it.", jail);
                }
                if (store.IsRunning(jail))
                {
                    store.ClearRunning(jail);
                }
                store.Destroy(jail);
            }
            AjLog.Info(ctx, $"Building {jail} using {file} ...", jail);
            var type = Find(all, "type") ?? "thin";
            var version = Find(all, "osversion") ?? "14.2-RELEASE";
            store.CreateSkeleton(jail, type, version);
        }

        if (ctx.Faults.Has("hang"))
        {
            // A build that never finishes: the jail stays dirty. Only a signal (Director's cancel) ends the wait.
            ctx.Cancel.WaitHandle.WaitOne();
            throw AjLog.Fail(ctx, ExitCodes.Software, "Interrupted.", jail);
        }

        var start = false;
        using (HostLock.Acquire(ctx.Host.HostLockFile))
        {
            // Networks first: expose and nat rules name the jail's address.
            foreach (var o in all.Where(o => o.StartsWith("virtualnet=", StringComparison.Ordinal)))
            {
                QuickOptions.Apply(ctx, store, jail, o);
            }
            foreach (var o in all.Where(o => !o.StartsWith("virtualnet=", StringComparison.Ordinal)))
            {
                start |= QuickOptions.Apply(ctx, store, jail, o);
            }
            store.MarkDone(jail);
            var stamp = DateTime.Now.ToString("yyyy-MM-dd_HH'h'mm'm'ss's'", CultureInfo.InvariantCulture);
            var buildDir = Path.Combine(ctx.Host.AppJailLogs, "jails", jail, "build");
            Directory.CreateDirectory(buildDir);
            File.AppendAllText(Path.Combine(buildDir, stamp + ".log"), $"Building {jail} using {file}\n");
            AjLog.Info(ctx, $"{jail} was built.", jail);
        }
        return start ? LifecycleCommands.Start(ctx, store, ["--", jail]) : 0;
    }

    private static string? Find(List<string> options, string key)
    {
        var o = options.LastOrDefault(x => x.StartsWith(key + "=", StringComparison.Ordinal));
        return o?[(key.Length + 1)..];
    }
}
