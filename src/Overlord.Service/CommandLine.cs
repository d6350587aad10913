using System.Text.Encodings.Web;
using System.Text.Json;
using Overlord.Core.Config;
using Overlord.Core.Security;
using Overlord.Service.Hosting;
using Overlord.Service.Security;

namespace Overlord.Service;

/// <summary>
/// The overlord-node command line: <c>check-config</c>, <c>print-config</c>, <c>gen-token</c> and <c>serve</c>.
/// Everything goes through <see cref="Run(string[], TextWriter, TextWriter, Func{string, string?}, string, CancellationToken)"/>
/// so tests can drive it in-process with their own writers, environment, directory and stop signal.
/// </summary>
public static class CommandLine
{
    /// <summary>The usage text printed for <c>--help</c> and after a usage error.</summary>
    public const string Usage = """
        usage: overlord-node <command> [--config PATH] [options]

        commands:
          check-config   validate the node config; print '<path>: OK' or every error as file:line:column
          print-config   print the effective config (defaults applied, secrets masked) as JSON
          gen-token      print an access token for this node
                           [--metadata KEY[=VALUE]]... [--expire N]
                           [--expire-type seconds|minutes|hours|days|weeks]  (default: hours)
          serve          run the node: plain HTTP on 'port', HTTPS on 'tls.port' when tls.keyfile and
                         tls.certfile are set
                           [--listen ADDRESS]  (default: every address)

        The config is PATH, else $OVERLORD_CONFIG, else .overlord.yml in the current directory (which may be
        missing: the defaults apply).
        """;

    private static readonly string[] ExpireTypes = ["seconds", "minutes", "hours", "days", "weeks"];

    /// <summary>Runs a command in the process's current directory; <c>serve</c> stops on Ctrl+C or SIGTERM.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment) =>
        Run(args, stdout, stderr, environment, Environment.CurrentDirectory, CancellationToken.None);

    /// <summary>Runs a command; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment, string currentDirectory) =>
        Run(args, stdout, stderr, environment, currentDirectory, CancellationToken.None);

    /// <summary>Runs a command; <c>serve</c> also stops when <paramref name="stop"/> fires. Returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment, string currentDirectory, CancellationToken stop)
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
        string[] allowed = command switch
        {
            "check-config" or "print-config" => ["--config"],
            "serve" => ["--config", "--listen"],
            "gen-token" => ["--config", "--metadata", "--expire", "--expire-type"],
            _ => [],
        };
        if (allowed.Length == 0)
        {
            return UsageError(stderr, $"unknown command '{command}'.");
        }
        if (!CommandOptions.TryParse(args.AsSpan(1), allowed, repeatable: ["--metadata"], out var options, out var problem))
        {
            return UsageError(stderr, $"{command}: {problem}");
        }
        var location = NodeConfigLoader.ResolvePath(options.Single("--config"), environment, currentDirectory);
        var result = NodeConfigLoader.Load(location, new NodeConfigLoaderOptions { Environment = environment });
        if (!result.IsValid)
        {
            foreach (var error in result.Errors)
            {
                stderr.WriteLine(error.ToString());
            }
            return ExitCodes.Config;
        }
        return command switch
        {
            "check-config" => CheckConfig(result, stdout),
            "print-config" => PrintConfig(result.Config!, stdout),
            "gen-token" => GenToken(result.Config!, options, stdout, stderr),
            _ => Serve(result.Config!, options, stderr, stop),
        };
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

    /// <summary>
    /// Upstream's <c>gen-token</c>: <c>--metadata k=v</c> (or <c>k</c> for an empty value; blank keys are skipped),
    /// <c>--expire N</c> in <c>--expire-type</c> units (no <c>exp</c> when N ≤ 0 or absent).
    /// </summary>
    private static int GenToken(NodeConfig config, CommandOptions options, TextWriter stdout, TextWriter stderr)
    {
        var expireType = options.Single("--expire-type") ?? "hours";
        if (Array.IndexOf(ExpireTypes, expireType) < 0)
        {
            return UsageError(stderr, $"gen-token: --expire-type must be one of {string.Join(", ", ExpireTypes)}, not '{expireType}'.");
        }
        long? expire = null;
        if (options.Single("--expire") is { } expireText)
        {
            if (!long.TryParse(expireText, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                return UsageError(stderr, $"gen-token: --expire must be a whole number, not '{expireText}'.");
            }
            expire = n;
        }
        var metadata = new List<KeyValuePair<string, string>>();
        foreach (var item in options.All("--metadata"))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            metadata.Add(equals < 0 ? new(item, "") : new(item[..equals], item[(equals + 1)..]));
        }
        DateTimeOffset? expires = null;
        if (expire is > 0)
        {
            var seconds = expireType switch
            {
                "seconds" => 1L,
                "minutes" => 60L,
                "hours" => 3600L,
                "days" => 86400L,
                _ => 604800L,
            };
            expires = DateTimeOffset.UtcNow.AddSeconds(checked(expire.Value * seconds));
        }
        string token;
        try
        {
            token = TokenService.Generate(config, metadata, expires);
        }
        catch (SecretKeyException e)
        {
            stderr.WriteLine("gen-token: " + e.Message);
            return ExitCodes.Config;
        }
        stdout.WriteLine(token);
        return ExitCodes.Ok;
    }

    private static int Serve(NodeConfig config, CommandOptions options, TextWriter stderr, CancellationToken stop)
    {
        System.Net.IPAddress? listen = null;
        if (options.Single("--listen") is { } address && !ServeCommand.TryParseListenAddress(address, out listen))
        {
            return UsageError(stderr, $"serve: --listen needs an IP address (or '*' for every address), not '{address}'.");
        }
        return ServeCommand.RunAsync(config, listen, stderr, stop).GetAwaiter().GetResult();
    }

    private static int UsageError(TextWriter stderr, string problem)
    {
        stderr.WriteLine("overlord-node: " + problem);
        stderr.WriteLine(Usage);
        return ExitCodes.Usage;
    }
}

/// <summary>
/// Options of one command: <c>--name VALUE</c> or <c>--name=VALUE</c>; only the names a command allows, each once
/// unless repeatable.
/// </summary>
internal sealed class CommandOptions
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public string? Single(string name) => _values.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var values) ? values : [];

    public static bool TryParse(ReadOnlySpan<string> args, string[] allowed, string[] repeatable, out CommandOptions options, out string? problem)
    {
        options = new CommandOptions();
        problem = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? arg[..equals] : arg;
            if (Array.IndexOf(allowed, name) < 0)
            {
                problem = $"unexpected argument '{arg}'.";
                return false;
            }
            string value;
            if (name.Length < arg.Length)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Length)
            {
                value = args[++i];
            }
            else
            {
                problem = $"{name} needs {What(name)}.";
                return false;
            }
            // The metadata of a token may legitimately be written as "--metadata ''"; everything else needs a value.
            if (value.Length == 0 && name != "--metadata")
            {
                problem = $"{name} needs {What(name)}.";
                return false;
            }
            if (options._values.TryGetValue(name, out var list))
            {
                if (Array.IndexOf(repeatable, name) < 0)
                {
                    problem = $"{name} is given more than once.";
                    return false;
                }
                list.Add(value);
            }
            else
            {
                options._values[name] = [value];
            }
        }
        return true;
    }

    private static string What(string name) => name switch
    {
        "--config" => "a path",
        "--listen" => "an address",
        "--metadata" => "KEY[=VALUE]",
        _ => "a value",
    };
}
