using Overlord.Emulators.Cli;
using Overlord.Emulators.Hosting;

namespace Overlord.Emulators.AppJail;

/// <summary>
/// The smaller AppJail commands Director and the VM scripts call: <c>cpuset</c>, <c>enable</c>, <c>apply</c>,
/// <c>sysrc</c>, <c>oci set-*</c>, <c>image import</c>. Settings with no file the node reads are kept under
/// <c>.emu/jails/J/</c> so tests can assert them.
/// </summary>
internal static class SettingsCommands
{
    /// <summary><c>cpuset J</c>: <c>0, 1</c> style; a stopped jail warns and prints nothing (exit 0).</summary>
    public static int Cpuset(ToolContext ctx, JailStore store, List<string> args)
    {
        var jail = AppJailCli.OneJail(ctx, args, "appjail cpuset jail [cpuset]");
        store.Require(ctx, jail);
        if (!store.IsRunning(jail))
        {
            AjLog.Warn(ctx, $"{jail} is not running.");
            return 0;
        }
        ctx.Out.Write((store.PrivateFile(jail, "cpuset")?.Trim() ?? "0, 1") + "\n");
        return 0;
    }

    /// <summary><c>enable J start [-s K=V]… [-V K=V]…</c>: stores the start defaults.</summary>
    public static int Enable(ToolContext ctx, JailStore store, List<string> args)
    {
        if (args.Count < 2)
        {
            ctx.Out.Write("usage: appjail enable jail [command] [options ...]\n");
            return ExitCodes.Usage;
        }
        using var _ = HostLock.Acquire(ctx.Host.HostLockFile);
        store.Require(ctx, args[0]);
        store.WritePrivateFile(args[0], "enable-" + args[1], string.Join('\n', args.Skip(2)) + "\n");
        return 0;
    }

    /// <summary><c>apply J FILE [-V …] [-- ARGS]</c>: the runtime makejail; FILE must exist (66), otherwise a no-op.</summary>
    public static int Apply(ToolContext ctx, JailStore store, List<string> args)
    {
        if (args.Count < 2)
        {
            ctx.Out.Write("usage: appjail apply jail makejail [-V var]... [-- args]\n");
            return ExitCodes.Usage;
        }
        store.Require(ctx, args[0]);
        var file = Path.IsPathRooted(args[1]) ? args[1] : Path.Combine(ctx.Cwd, args[1]);
        if (!File.Exists(file))
        {
            throw AjLog.Fail(ctx, ExitCodes.NoInput, $"{args[1]}: Makejail does not exist.");
        }
        using var _ = HostLock.Acquire(ctx.Host.HostLockFile);
        store.AppendPrivateFile(args[0], "applied", args[1]);
        return 0;
    }

    /// <summary><c>sysrc jail J K=V|K+=V</c>: edits the jail's <c>/etc/rc.conf</c> and prints sysrc's <c>K: old -> new</c>.</summary>
    public static int Sysrc(ToolContext ctx, JailStore store, List<string> args)
    {
        if (args.Count < 3 || args[0] != "jail")
        {
            ctx.Out.Write("usage: appjail sysrc [all|jail|local] jail [args ...]\n");
            return ExitCodes.Usage;
        }
        var jail = args[1];
        using var _ = HostLock.Acquire(ctx.Host.HostLockFile);
        store.Require(ctx, jail);
        var rc = Path.Combine(store.RootFs(jail), "etc", "rc.conf");
        var lines = (ValueFiles.Read(rc) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var assign in args.Skip(2).Where(a => a.Contains('=', StringComparison.Ordinal)))
        {
            var append = assign.Contains("+=", StringComparison.Ordinal);
            var key = assign[..assign.IndexOf(append ? "+=" : "=", StringComparison.Ordinal)];
            var value = assign[(assign.IndexOf('=') + 1)..];
            var idx = lines.FindIndex(l => l.StartsWith(key + "=", StringComparison.Ordinal));
            var old = idx < 0 ? "" : lines[idx][(key.Length + 1)..].Trim('"');
            var now = append && old.Length > 0 ? (old.Split(' ').Contains(value) ? old : old + " " + value) : value;
            var line = $"{key}=\"{now}\"";
            if (idx < 0)
            {
                lines.Add(line);
            }
            else
            {
                lines[idx] = line;
            }
            ctx.Out.Write($"{key}: {old} -> {now}\n");
        }
        ValueFiles.Write(rc, string.Join('\n', lines) + "\n");
        return 0;
    }

    /// <summary><c>oci set-user J U</c>, <c>set-workdir J D</c>, <c>set-env J K V</c> (and other <c>set-*</c>).</summary>
    public static int Oci(ToolContext ctx, JailStore store, List<string> args)
    {
        if (args.Count < 2 || !args[0].StartsWith("set-", StringComparison.Ordinal))
        {
            ctx.Out.Write("usage: appjail oci [set-env|set-user|set-workdir|...] jail ...\n");
            return ExitCodes.Usage;
        }
        using var _ = HostLock.Acquire(ctx.Host.HostLockFile);
        store.Require(ctx, args[1]);
        store.AppendPrivateFile(args[1], "oci", args[0] + " " + string.Join(' ', args.Skip(2)));
        return 0;
    }

    /// <summary><c>image import -a ARCH -t TAG -n NAME -- ENTRYPOINT</c>: fills <c>&lt;IMAGESDIR&gt;/NAME/TAG-ARCH-image.appjail</c>.</summary>
    public static int Image(ToolContext ctx, JailStore store, List<string> args)
    {
        if (args.Count == 0 || args[0] != "import")
        {
            ctx.Out.Write("usage: appjail image [import] ...\n");
            return ExitCodes.Usage;
        }
        string arch = "amd64", tag = "latest";
        string? name = null;
        for (var i = 1; i < args.Count - 1; i++)
        {
            switch (args[i])
            {
                case "-a": arch = args[++i]; break;
                case "-t": tag = args[++i]; break;
                case "-n": name = args[++i]; break;
            }
        }
        if (name is null)
        {
            throw AjLog.Fail(ctx, ExitCodes.Usage, "image import: -n is required.");
        }
        using var _ = HostLock.Acquire(ctx.Host.HostLockFile);
        ValueFiles.Write(Path.Combine(ctx.Host.Images, name, $"{tag}-{arch}-image.appjail"), args[^1] + "\n");
        return 0;
    }
}
