using System.Text.Encodings.Web;
using System.Text.Json;
using Overlord.Core.Config;

namespace Overlord.Service;

/// <summary>
/// The overlord-node command line: <c>check-config</c>, <c>print-config</c> and <c>serve</c>. Everything goes
/// through <see cref="Run(string[], TextWriter, TextWriter, Func{string, string?}, string)"/> so tests can drive it
/// in-process with their own writers, environment and directory.
/// </summary>
public static class CommandLine
{
    /// <summary>The usage text printed for <c>--help</c> and after a usage error.</summary>
    public const string Usage = """
        usage: overlord-node <command> [--config PATH]

        commands:
          check-config   validate the node config; print '<path>: OK' or every error as file:line:column
          print-config   print the effective config (defaults applied, secrets masked) as JSON
          serve          run the node

        The config is PATH, else $OVERLORD_CONFIG, else .overlord.yml in the current directory (which may be
        missing: the defaults apply).
        """;

    /// <summary>Runs a command in the process's current directory.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment) =>
        Run(args, stdout, stderr, environment, Environment.CurrentDirectory);

    /// <summary>Runs a command; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment, string currentDirectory)
    {
        if (args is ["--help" or "-h" or "help"])
        {
            stdout.WriteLine(Usage);
            return ExitCodes.Ok;
        }
        if (args.Length == 0)
        {
            return UsageError(stderr, "no command given.");
        }
        var command = args[0];
        if (command == "serve")
        {
            stderr.WriteLine("serve: not available yet");
            return ExitCodes.Unavailable;
        }
        if (command is not ("check-config" or "print-config"))
        {
            return UsageError(stderr, $"unknown command '{command}'.");
        }
        if (!TryParseConfigOption(args.AsSpan(1), out var configPath, out var problem))
        {
            return UsageError(stderr, $"{command}: {problem}");
        }
        var location = NodeConfigLoader.ResolvePath(configPath, environment, currentDirectory);
        var result = NodeConfigLoader.Load(location, new NodeConfigLoaderOptions { Environment = environment });
        if (!result.IsValid)
        {
            foreach (var error in result.Errors)
            {
                stderr.WriteLine(error.ToString());
            }
            return ExitCodes.Config;
        }
        return command == "check-config" ? CheckConfig(result, stdout) : PrintConfig(result.Config!, stdout);
    }

    private static int CheckConfig(NodeConfigLoadResult result, TextWriter stdout)
    {
        stdout.WriteLine(result.Missing ? $"{result.Path}: OK (no such file; the defaults apply)" : $"{result.Path}: OK");
        return ExitCodes.Ok;
    }

    private static int PrintConfig(NodeConfig config, TextWriter stdout)
    {
        // Relaxed escaping: this is terminal output, not HTML, so paths and '+' stay readable.
        var context = new NodeConfigJsonContext(new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        stdout.WriteLine(JsonSerializer.Serialize(config.WithSecretsMasked(), context.NodeConfig));
        return ExitCodes.Ok;
    }

    /// <summary>Accepts nothing, <c>--config PATH</c> or <c>--config=PATH</c>, once.</summary>
    private static bool TryParseConfigOption(ReadOnlySpan<string> args, out string? path, out string? problem)
    {
        path = null;
        problem = null;
        for (var i = 0; i < args.Length; i++)
        {
            string value;
            if (args[i] == "--config")
            {
                if (i + 1 >= args.Length)
                {
                    problem = "--config needs a path.";
                    return false;
                }
                value = args[++i];
            }
            else if (args[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                value = args[i]["--config=".Length..];
            }
            else
            {
                problem = $"unexpected argument '{args[i]}'.";
                return false;
            }
            if (value.Length == 0)
            {
                problem = "--config needs a path.";
                return false;
            }
            if (path is not null)
            {
                problem = "--config is given more than once.";
                return false;
            }
            path = value;
        }
        return true;
    }

    private static int UsageError(TextWriter stderr, string problem)
    {
        stderr.WriteLine("overlord-node: " + problem);
        stderr.WriteLine(Usage);
        return ExitCodes.Usage;
    }
}
