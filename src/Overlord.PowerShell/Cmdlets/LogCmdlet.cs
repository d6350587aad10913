using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>
/// Plumbing of Get-OverlordJailLog and Get-OverlordProjectLog: without the log's address the node's log tree as one
/// OverlordLog per file; with it the log's text, or with <c>-Tail</c>/<c>-Wait</c> its last lines read from the
/// response stream and then, when following, a poll for new lines until the pipeline stops (Ctrl+C). Each cmdlet adds
/// the parameters that address a log in its tree.
/// </summary>
public abstract class LogCmdlet : NodeReadCmdlet
{
    /// <summary>The parameter set that lists the tree.</summary>
    protected const string ListSet = "List";

    /// <summary>The parameter set that reads one log.</summary>
    protected const string ContentSet = "Content";

    /// <summary>How long a follower waits between two reads.</summary>
    internal static TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The file name.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ContentSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Log { get; set; } = null!;

    /// <summary>Only the last N lines of the log (0 with <c>-Wait</c>: only the lines yet to come), one OverlordLogLine each; the log is read as a stream, never held whole.</summary>
    [Parameter(ParameterSetName = ContentSet)]
    [ValidateRange(0, int.MaxValue)]
    public int? Tail { get; set; }

    /// <summary>Keep reading: after the lines already there, write each new line as the log grows, until Ctrl+C.</summary>
    [Parameter(ParameterSetName = ContentSet)]
    public SwitchParameter Wait { get; set; }

    /// <summary>The log's path in its tree (e.g. <c>date/service/file</c>), for the objects and errors.</summary>
    internal abstract string LogPath { get; }

    /// <summary>Reads the whole log.</summary>
    internal abstract Task<string> ReadTextAsync(OverlordNode node, string chain, CancellationToken cancellationToken);

    /// <summary>Reads lines of the log: skip, tail, include an unterminated last line.</summary>
    internal abstract Task<LogLines> ReadLinesAsync(OverlordNode node, string chain, long skip, int? tail, bool partial, CancellationToken cancellationToken);

    /// <summary>The path of every file of the node's log tree; null after writing the error.</summary>
    internal abstract IEnumerable<string>? ListPaths(OverlordNode node, string chain);

    /// <summary>Stops the cmdlet when <c>-Wait</c> is combined with <c>-Path</c>: a follow never ends, so it gets one node.</summary>
    protected override void BeginProcessing()
    {
        if (Wait && Path is not null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException("-Wait follows one log on one node; use it with -Uri/-Chain (or the connected node), not -Path."),
                ErrorIds.WaitNeedsOneNode, ErrorCategory.InvalidArgument, Path));
        }
    }

    /// <inheritdoc />
    internal override void ProcessTarget(OverlordNode node, string chain)
    {
        if (ParameterSetName != ContentSet)
        {
            foreach (var path in ListPaths(node, chain) ?? [])
            {
                WriteObject(new OverlordLog(node.Address, chain, path, null));
            }
            return;
        }
        var logPath = LogPath;
        if (Tail is not null || Wait)
        {
            Follow(node, chain, logPath);
        }
        else if (TryRun(c => ReadTextAsync(node, chain, c), logPath, out var text))
        {
            WriteObject(new OverlordLog(node.Address, chain, logPath, text));
        }
    }

    /// <summary>Writes the last <see cref="Tail"/> lines (all when null), then with <see cref="Wait"/> each new line as it comes.</summary>
    private void Follow(OverlordNode node, string chain, string path)
    {
        // The node drops a log's final line break (as upstream does), so the last line counts as complete: a line is
        // written once, and text a writer adds to it later is not shown again.
        if (!TryRun(c => ReadLinesAsync(node, chain, 0, Tail, true, c), path, out var lines))
        {
            return;
        }
        Write(node, chain, path, lines);
        if (!Wait)
        {
            return;
        }
        var seen = lines.TotalLines;
        while (true)
        {
            if (StopSignal.WaitHandle.WaitOne(PollInterval))
            {
                throw new PipelineStoppedException();
            }
            if (!TryRun(c => ReadLinesAsync(node, chain, seen, null, true, c), path, out lines))
            {
                continue;
            }
            if (lines.TotalLines < seen)
            {
                WriteWarning($"{path} is shorter than before (rotated or truncated); reading it again from the start.");
                seen = 0;
                if (!TryRun(c => ReadLinesAsync(node, chain, 0, null, true, c), path, out lines))
                {
                    continue;
                }
            }
            Write(node, chain, path, lines);
            seen = lines.TotalLines;
        }
    }

    private void Write(OverlordNode node, string chain, string path, LogLines lines)
    {
        var number = lines.FirstLineNumber;
        foreach (var line in lines.Lines)
        {
            WriteObject(new OverlordLogLine(node.Address, chain, path, number++, line));
        }
    }
}
