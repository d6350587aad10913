using Overlord.Core;
using Overlord.Core.Config;
using Overlord.Service.Jails.Tools;

namespace Overlord.Service.Jails;

/// <summary>
/// <see cref="IAppJail"/> over the real <c>appjail</c> (contract A1–A4) and the jail files under <c>appjail.jails</c>.
/// </summary>
public sealed class AppJailDriver : IAppJail
{

    /// <summary>
    /// Plain diagnostics (readable error messages) and no <c>script(1)</c> wrapping, which would merge stderr into
    /// stdout with CRLF endings. Environment values override AppJail's defaults unless appjail.conf sets them.
    /// </summary>
    private static readonly Dictionary<string, string?> Environment = new(StringComparer.Ordinal)
    {
        ["ENABLE_COLORS"] = "0",
        ["ENABLE_LOGGING_OUTPUT"] = "0",
    };

    private readonly string _appjail;
    private readonly TimeSpan _readTimeout;
    private readonly string _jails;
    private readonly IToolRunner _runner;
    private readonly JailConfReader _conf;

    /// <summary>Creates the driver for the tool and jail directory named in <paramref name="config"/>.</summary>
    public AppJailDriver(NodeConfig config, IToolRunner runner, ILogger<AppJailDriver> logger)
    {
        _appjail = config.Tools.AppJail;
        // tools.read_timeout: a hung AppJail never wedges a poller.
        _readTimeout = TimeSpan.FromSeconds(config.Tools.ReadTimeout);
        _jails = config.AppJail.Jails;
        _runner = runner;
        _conf = new JailConfReader(_jails, logger);
    }

    /// <inheritdoc/>
    /// <remarks>Entries that are not valid jail names are left out: AppJail refuses them (exit 65) anyway.</remarks>
    public IReadOnlyList<string> ListJails()
    {
        if (!Directory.Exists(_jails))
        {
            return [];
        }
        return Directory.EnumerateDirectories(_jails)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => Names.Jail().IsMatch(name))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc/>
    public async Task<JailStatus> GetStatusAsync(string jail, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["status", "-q", ToolArguments.Jail(jail)], cancellationToken).ConfigureAwait(false);
        return result.ExitCode switch
        {
            0 => JailStatus.Running,
            1 => JailStatus.Stopped,
            _ => JailStatus.Absent,
        };
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One <c>appjail jail get -I -t -- J KW…</c> for all keywords, where upstream starts one process per keyword.
    /// With <c>-t</c> fields are tab-separated; values went through <c>echo</c>, so they hold no tabs. An empty value
    /// is nothing (one keyword) or a lone blank (several), and trailing blanks are stripped, so a last empty field may
    /// be missing: fields are trimmed and missing trailing ones read "". No keywords → an empty map without a call
    /// (AppJail would print its default keywords instead).
    /// </remarks>
    public async Task<IReadOnlyDictionary<string, string>?> GetInfoAsync(string jail, IReadOnlyList<string> keywords, CancellationToken cancellationToken)
    {
        ToolArguments.Jail(jail);
        // AppJail prints a repeated keyword once and skips an unknown one, which would shift every later field.
        var unique = keywords.Distinct(StringComparer.Ordinal).ToList();
        foreach (var keyword in unique)
        {
            if (!PollingKeywordLists.Jail.Contains(keyword, StringComparer.Ordinal))
            {
                throw new ArgumentException($"'{keyword}' is not an appjail jail keyword.", nameof(keywords));
            }
        }
        if (unique.Count == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        var command = Command(["jail", "get", "-I", "-t", "--", jail, .. unique]);
        var result = await _runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 66)
        {
            return null;
        }
        if (result.ExitCode != 0)
        {
            throw new ToolFailedException(command, result);
        }

        var row = StripNewline(result.StandardOutput);
        if (row.Contains('\n', StringComparison.Ordinal))
        {
            throw new ToolOutputException(command, result, "expected one row, got several lines");
        }
        var fields = unique.Count == 1 ? [row] : row.Split('\t');
        if (fields.Length > unique.Count)
        {
            throw new ToolOutputException(command, result, $"expected {unique.Count} tab-separated fields, got {fields.Length}");
        }
        var info = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < unique.Count; i++)
        {
            info[unique[i]] = i < fields.Length ? fields[i].Trim(' ', '\r') : "";
        }
        return info;
    }

    /// <inheritdoc/>
    public async Task<string?> GetCpusetAsync(string jail, CancellationToken cancellationToken)
    {
        var command = Command(["cpuset", ToolArguments.Jail(jail)]);
        var result = await _runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 66)
        {
            return null;
        }
        if (result.ExitCode != 0)
        {
            throw new ToolFailedException(command, result);
        }
        var value = result.StandardOutput.Trim();
        return value.Length == 0 ? null : value;
    }

    /// <inheritdoc/>
    public async Task<bool> IsVmJailAsync(string jail, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["label", "get", "-I", "-l", "overlord.vm", "--", ToolArguments.Jail(jail), "value"], cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0;
    }

    /// <inheritdoc/>
    public IReadOnlyList<IReadOnlyDictionary<string, string?>>? ReadConfItems(string jail, JailConfItem item, IReadOnlyList<string> keywords) =>
        _conf.Read(jail, item, keywords);

    private ToolCommand Command(IReadOnlyList<string> arguments) => new(_appjail, arguments, Environment, _readTimeout);

    private Task<ToolResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        _runner.RunAsync(Command(arguments), cancellationToken);

    /// <summary>The row without its line ending (LF or CRLF).</summary>
    private static string StripNewline(string text)
    {
        if (text.EndsWith('\n'))
        {
            text = text[..^1];
        }
        return text.EndsWith('\r') ? text[..^1] : text;
    }
}
