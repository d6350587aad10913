using System.Globalization;
using Overlord.Core.Config;
using Overlord.Service.Jails.Tools;

namespace Overlord.Service.Jails;

/// <summary><see cref="IRctl"/> over the real <c>rctl</c> and <c>sysctl</c> (contract H1, H2).</summary>
public sealed class RctlDriver(NodeConfig config, IToolRunner runner) : IRctl
{
    /// <summary>Limit for each call (<c>tools.read_timeout</c>), so a hung tool never wedges the stats poller.</summary>
    private TimeSpan ReadTimeout => TimeSpan.FromSeconds(config.Tools.ReadTimeout);

    /// <inheritdoc/>
    public async Task<bool> IsEnabledAsync(CancellationToken cancellationToken)
    {
        var command = new ToolCommand(config.Tools.Sysctl, ["-n", "kern.racct.enable"], Timeout: ReadTimeout);
        var result = await runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 && result.StandardOutput.Trim() == "1";
    }

    /// <inheritdoc/>
    /// <remarks>Never with <c>-h</c>: human-readable values such as <c>4040K</c> are not integers.</remarks>
    public async Task<IReadOnlyDictionary<string, long>> GetUsageAsync(string jail, CancellationToken cancellationToken)
    {
        var command = new ToolCommand(config.Tools.Rctl, ["-u", "jail:" + ToolArguments.Jail(jail)], Timeout: ReadTimeout);
        var result = await runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new ToolFailedException(command, result);
        }
        var usage = new OrderedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var raw in result.StandardOutput.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0
                || !long.TryParse(line.AsSpan(equals + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                throw new ToolOutputException(command, result, $"'{line}' is not a resource=integer line");
            }
            usage[line[..equals]] = value;
        }
        return usage;
    }

    /// <inheritdoc/>
    public async Task<(int First, int Last)> GetPortRangeAsync(CancellationToken cancellationToken)
    {
        var first = await ReadIntAsync("net.inet.ip.portrange.first", cancellationToken).ConfigureAwait(false);
        var last = await ReadIntAsync("net.inet.ip.portrange.last", cancellationToken).ConfigureAwait(false);
        return first <= last ? (first, last) : (last, first);
    }

    private async Task<int> ReadIntAsync(string oid, CancellationToken cancellationToken)
    {
        var command = new ToolCommand(config.Tools.Sysctl, ["-n", oid], Timeout: ReadTimeout);
        var result = await runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new ToolFailedException(command, result);
        }
        return int.TryParse(result.StandardOutput.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= 65535
            ? value
            : throw new ToolOutputException(command, result, $"'{result.StandardOutput.Trim()}' is not a port number");
    }
}
