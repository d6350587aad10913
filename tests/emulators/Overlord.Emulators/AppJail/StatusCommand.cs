using Overlord.Emulators.Cli;

namespace Overlord.Emulators.AppJail;

/// <summary><c>appjail status [-q] [--] J</c>: 0 running, 1 stopped, 66 missing (error printed even with -q), 65 bad name.</summary>
internal static class StatusCommand
{
    public static int Run(ToolContext ctx, JailStore store, List<string> args)
    {
        var quiet = false;
        while (args.Count > 0 && args[0] == "-q")
        {
            quiet = true;
            args.RemoveAt(0);
        }
        var jail = AppJailCli.OneJail(ctx, args, "appjail status [-q] [--] jail");
        store.Require(ctx, jail);
        var running = store.IsRunning(jail);
        if (!quiet)
        {
            AjLog.Info(ctx, running ? $"{jail} is running." : $"{jail} is not running.");
        }
        return running ? 0 : 1;
    }
}
