using Overlord.Emulators.Cli;

namespace Overlord.Emulators.Director;

/// <summary><c>appjail-director [-c FILE] [-e FILE] &lt;command&gt; …</c>: config, .env, dispatch, exception block.</summary>
internal static class DirectorCli
{
    public static int Run(ToolContext ctx, IReadOnlyList<string> argv)
    {
        var args = argv.ToList();
        string? configFile = null, envFile = ".env";
        while (args.Count > 1 && args[0] is "-c" or "--config" or "-e" or "--env-file")
        {
            if (args[0] is "-c" or "--config")
            {
                configFile = args[1];
            }
            else
            {
                envFile = args[1];
            }
            args.RemoveRange(0, 2);
        }
        var config = DirectorConfig.Defaults(ctx.Host);
        foreach (var f in new[] { ctx.GetEnv("DIRECTOR_CONFIG"), configFile })
        {
            if (string.IsNullOrEmpty(f))
            {
                continue;
            }
            var full = Path.Combine(ctx.Cwd, f);
            if (!File.Exists(full))
            {
                ctx.Err.Write($"{f}: Configuration file does not exist.\n");
                return ExitCodes.NoInput;
            }
            if (config.Merge(full) is { } error)
            {
                ctx.Out.Write(error + "\n");
                return ExitCodes.Config;
            }
        }
        ctx = WithEnvFile(ctx, Path.Combine(ctx.Cwd, envFile));
        if (args.Count == 0)
        {
            ctx.Out.Write("Usage: appjail-director [OPTIONS] COMMAND [ARGS]...\n");
            return 0;
        }
        var d = new DirectorContext(ctx, config);
        var rest = args.Skip(1).ToList();
        try
        {
            return args[0] switch
            {
                "up" => UpCommand.Execute(d, rest),
                "down" => DownCommand.Execute(d, rest),
                "ls" => ReadCommands.Ls(d, rest),
                "describe" => ReadCommands.Describe(d, rest),
                "check" => ReadCommands.Check(d, rest),
                "cancel" => ReadCommands.Cancel(d, rest),
                "info" => ReadCommands.Info(d, rest),
                _ => Usage(ctx, args[0]),
            };
        }
        catch (DirectorError e)
        {
            d.Stamp.Report(ctx.Err, e);
            return ExitCodes.Software;
        }
        catch (ToolExitException e)
        {
            return e.Code;
        }
    }

    private static int Usage(ToolContext ctx, string command)
    {
        ctx.Err.Write($"Usage: appjail-director [OPTIONS] COMMAND [ARGS]...\nTry 'appjail-director --help' for help.\n\nError: No such command '{command}'.\n");
        return 2;
    }

    /// <summary><c>-p</c>, else <c>DIRECTOR_PROJECT</c>; none → 65; a bad name → InvalidProjectName (70).</summary>
    public static string RequireProject(DirectorContext d, string? project)
    {
        project ??= d.Ctx.GetEnv("DIRECTOR_PROJECT");
        if (string.IsNullOrEmpty(project))
        {
            d.Ctx.Err.Write("Project name is not specified.\n");
            throw new ToolExitException(ExitCodes.DataErr);
        }
        if (!ProjectStore.IsValidName(project))
        {
            throw new DirectorError("InvalidProjectName", $"{project}: Invalid project name.");
        }
        return project;
    }

    /// <summary>Loads <c>KEY=VALUE</c> lines without overriding existing variables.</summary>
    private static ToolContext WithEnvFile(ToolContext ctx, string file)
    {
        if (!File.Exists(file))
        {
            return ctx;
        }
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadAllLines(file))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#' || line.IndexOf('=') is var eq && eq <= 0)
            {
                continue;
            }
            var key = line[..eq].Trim();
            if (key.StartsWith("export ", StringComparison.Ordinal))
            {
                key = key[7..].Trim();
            }
            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && value[0] == value[^1] && value[0] is '"' or '\'')
            {
                value = value[1..^1];
            }
            if (ctx.GetEnv(key) is null)
            {
                extra[key] = value;
            }
        }
        return extra.Count == 0 ? ctx : ctx.WithStreams(ctx.Out, ctx.Err, extra);
    }
}
