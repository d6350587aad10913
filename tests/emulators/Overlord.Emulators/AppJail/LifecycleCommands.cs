using System.Globalization;
using Overlord.Emulators.Cli;
using Overlord.Emulators.Hosting;

namespace Overlord.Emulators.AppJail;

/// <summary><c>appjail start|stop|restart</c>, with the console log AppJail writes and the start-time faults.</summary>
internal static class LifecycleCommands
{
    public static int Start(ToolContext ctx, JailStore store, List<string> args)
    {
        // -s K=V / -V K=V pairs are start parameters; the emulator accepts and ignores them.
        while (args.Count >= 2 && args[0] is "-s" or "-V")
        {
            args.RemoveRange(0, 2);
        }
        var jail = AppJailCli.OneJail(ctx, args, "appjail start [-s K=V]... [-V K=V]... [--] jail");
        using var _ = HostLock.Acquire(ctx.Host.HostLockFile);
        if (!JailStore.IsValidName(jail))
        {
            throw AjLog.Fail(ctx, ExitCodes.DataErr, $"{jail}: Invalid jail name.");
        }
        if (!store.Exists(jail) || !Directory.Exists(store.RootFs(jail)))
        {
            throw AjLog.Fail(ctx, ExitCodes.NoInput, $"Cannot find the jail `{jail}`");
        }
        if (store.IsRunning(jail))
        {
            AjLog.Warn(ctx, $"{jail} is already running.");
            return 0;
        }
        if (store.IsLocked(jail))
        {
            throw AjLog.Fail(ctx, ExitCodes.CantCreat, $"{jail} is locked.");
        }
        // An ephemeral jail that already ran and was stopped outside AppJail (a reboot) is destroyed instead.
        if (store.IsEphemeral(jail) && store.HasRun(jail))
        {
            AjLog.Warn(ctx, $"{jail} is ephemeral and was stopped: destroying it.");
            store.Destroy(jail);
            return 0;
        }
        var lockFile = store.Conf(jail, "boot", "lock", "locked");
        ValueFiles.WriteLine(lockFile, "1");
        try
        {
            AjLog.Info(ctx, $"Starting {jail} ...");
            store.AppendJailLog(jail, "console", $"{jail}: created\nStarting jail: {jail}.\n");
            long? crashAt = null;
            string? mode = null;
            if (ctx.Faults.Value("crash-after-start") is { } spec)
            {
                var parts = spec.Split(':');
                var seconds = double.Parse(parts[0], CultureInfo.InvariantCulture);
                crashAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (long)(seconds * 1000);
                mode = parts.Length > 1 ? parts[1] : "stop";
            }
            store.SetRunning(jail, crashAt, mode);
            if (ctx.Faults.Has("unhealthy"))
            {
                SetHealth(store, jail, ctx.Faults.Value("unhealthy") ?? "unhealthy");
            }
        }
        finally
        {
            ValueFiles.Delete(lockFile);
        }
        return 0;
    }

    public static int Stop(ToolContext ctx, JailStore store, List<string> args)
    {
        var jail = AppJailCli.OneJail(ctx, args, "appjail stop [--] jail");
        using var _ = HostLock.Acquire(ctx.Host.HostLockFile);
        store.Require(ctx, jail);
        if (!store.IsRunning(jail))
        {
            AjLog.Warn(ctx, $"{jail} is not running.");
            return 0;
        }
        AjLog.Info(ctx, $"Stopping {jail} ...");
        store.ClearRunning(jail);
        store.AppendJailLog(jail, "console", $"Stopping jail: {jail}.\n{jail}: removed\n");
        if (store.IsEphemeral(jail))
        {
            AjLog.Info(ctx, $"{jail} is ephemeral: destroying it.");
            store.Destroy(jail);
        }
        return 0;
    }

    public static int Restart(ToolContext ctx, JailStore store, List<string> args)
    {
        var jail = AppJailCli.OneJail(ctx, args, "appjail restart [--] jail");
        var code = Stop(ctx, store, ["--", jail]);
        return code != 0 ? code : Start(ctx, store, ["--", jail]);
    }

    /// <summary>Sets every healthcheck's status (creating one default check when the jail has none).</summary>
    public static void SetHealth(JailStore store, string jail, string status)
    {
        var dir = store.Conf(jail, "boot", "health");
        var ids = ValueFiles.Ids(dir).ToList();
        if (ids.Count == 0)
        {
            HealthcheckWriter.Write(store, jail, new Dictionary<string, string>());
            ids.Add(0);
        }
        foreach (var id in ids)
        {
            ValueFiles.WriteLine(Path.Combine(dir, id.ToString(CultureInfo.InvariantCulture), "status"), status);
        }
    }
}
