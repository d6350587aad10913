using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>
/// <c>-Tail</c> and <c>-Wait</c> of the log cmdlets: the last lines of a log read from the response stream, then, when
/// following, a poll for new lines until the pipeline stops (Ctrl+C).
/// </summary>
internal static class LogFollower
{
    /// <summary>How long a follower waits between two reads.</summary>
    internal static TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Stops the cmdlet when <c>-Wait</c> is combined with <c>-Path</c>: a follow never ends, so it gets one node.</summary>
    internal static void RefuseWaitWithPath(NodeReadCmdlet cmdlet, bool wait)
    {
        if (wait && cmdlet.Path is not null)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException("-Wait follows one log on one node; use it with -Uri/-Chain (or the connected node), not -Path."),
                ErrorIds.WaitNeedsOneNode, ErrorCategory.InvalidArgument, cmdlet.Path));
        }
    }

    /// <summary>Writes the last <paramref name="tail"/> lines (all when null), then with <paramref name="wait"/> each new line as it comes.</summary>
    /// <param name="cmdlet">The cmdlet that writes.</param>
    /// <param name="node">The node.</param>
    /// <param name="chain">The chain below it.</param>
    /// <param name="path">The log's path in its tree, for the objects and errors.</param>
    /// <param name="read">Reads lines: skip, tail, include an unterminated last line, stop token.</param>
    /// <param name="tail">How many of the last lines to write first.</param>
    /// <param name="wait">Follow the log.</param>
    public static void Run(NodeReadCmdlet cmdlet, OverlordNode node, string chain, string path,
        Func<long, int?, bool, CancellationToken, Task<LogLines>> read, int? tail, bool wait)
    {
        // The node drops a log's final line break (as upstream does), so the last line counts as complete: a line is
        // written once, and text a writer adds to it later is not shown again.
        if (!cmdlet.TryRun(c => read(0, tail, true, c), path, out var lines))
        {
            return;
        }
        Write(cmdlet, node, chain, path, lines);
        if (!wait)
        {
            return;
        }
        var seen = lines.TotalLines;
        while (true)
        {
            if (cmdlet.StopSignal.WaitHandle.WaitOne(PollInterval))
            {
                throw new PipelineStoppedException();
            }
            if (!cmdlet.TryRun(c => read(seen, null, true, c), path, out lines))
            {
                continue;
            }
            if (lines.TotalLines < seen)
            {
                cmdlet.WriteWarning($"{path} is shorter than before (rotated or truncated); reading it again from the start.");
                seen = 0;
                if (!cmdlet.TryRun(c => read(0, null, true, c), path, out lines))
                {
                    continue;
                }
            }
            Write(cmdlet, node, chain, path, lines);
            seen = lines.TotalLines;
        }
    }

    private static void Write(NodeReadCmdlet cmdlet, OverlordNode node, string chain, string path, LogLines lines)
    {
        var number = lines.FirstLineNumber;
        foreach (var line in lines.Lines)
        {
            cmdlet.WriteObject(new OverlordLogLine(node.Address, chain, path, number++, line));
        }
    }
}
