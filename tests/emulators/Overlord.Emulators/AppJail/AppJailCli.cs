using Overlord.Emulators.Cli;

namespace Overlord.Emulators.AppJail;

/// <summary>
/// <c>appjail &lt;command&gt; …</c>: dispatch to one file per command family. Director calls <see cref="Run"/>
/// in-process, so both tools see one state.
/// </summary>
internal static class AppJailCli
{
    public static int Run(ToolContext ctx, IReadOnlyList<string> argv)
    {
        if (argv.Count == 0)
        {
            ctx.Out.Write("usage: appjail [command] [args ...]\n");
            return ExitCodes.Usage;
        }
        var store = new JailStore(ctx.Host);
        var rest = argv.Skip(1).ToList();
        try
        {
            return argv[0] switch
            {
                "status" => StatusCommand.Run(ctx, store, rest),
                "jail" => JailCommand.Run(ctx, store, rest),
                "start" => LifecycleCommands.Start(ctx, store, rest),
                "stop" => LifecycleCommands.Stop(ctx, store, rest),
                "restart" => LifecycleCommands.Restart(ctx, store, rest),
                "makejail" => MakejailCommand.Run(ctx, store, rest),
                "label" => LabelCommand.Run(ctx, store, rest),
                "cmd" => CmdCommand.Run(ctx, store, rest),
                "cpuset" => SettingsCommands.Cpuset(ctx, store, rest),
                "enable" => SettingsCommands.Enable(ctx, store, rest),
                "apply" => SettingsCommands.Apply(ctx, store, rest),
                "sysrc" => SettingsCommands.Sysrc(ctx, store, rest),
                "oci" => SettingsCommands.Oci(ctx, store, rest),
                "image" => SettingsCommands.Image(ctx, store, rest),
                _ => throw AjLog.Fail(ctx, ExitCodes.NoInput, $"{argv[0]}: Command not found."),
            };
        }
        catch (ToolExitException e)
        {
            return e.Code;
        }
    }

    /// <summary>Drops one leading <c>--</c>.</summary>
    public static List<string> SkipDashDash(List<string> args)
    {
        if (args.Count > 0 && args[0] == "--")
        {
            args.RemoveAt(0);
        }
        return args;
    }

    /// <summary>The single jail argument of <c>CMD [--] J</c>, or usage (64).</summary>
    public static string OneJail(ToolContext ctx, List<string> args, string usage)
    {
        args = SkipDashDash(args);
        if (args.Count == 0)
        {
            ctx.Out.Write($"usage: {usage}\n");
            throw new ToolExitException(ExitCodes.Usage);
        }
        return args[0];
    }
}
