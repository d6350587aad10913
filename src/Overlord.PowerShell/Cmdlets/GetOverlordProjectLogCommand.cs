using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Gets Director's log files of a node, or the text of one log, its last lines or the lines as they come.</summary>
/// <remarks>
/// <para>
/// Without <c>-Date</c>/<c>-Service</c>/<c>-Log</c> it lists the node's Director log tree (<c>GET /v1/projects/logs</c>)
/// as one OverlordLog per file, whose Path is <c>date/service/file</c>. With them it reads that log
/// (<c>GET /v1/projects/log/…</c>, ANSI escapes stripped by the node) into one OverlordLog whose Content is the text.
/// </para>
/// <para>
/// <c>-Tail N</c> writes the last N lines instead, one OverlordLogLine (LineNumber, Line) each, reading the node's answer as
/// a stream so a large log is never held in memory. <c>-Wait</c> then keeps polling the log every second and writes
/// each new line, like <c>Get-Content -Wait</c>, until Ctrl+C; a log that shrinks is read again from the start
/// with a warning.
/// </para>
/// <para>
/// Upstream equivalents: <c>overlord get-info -t projects:logs</c> and <c>overlord get-project-log -d DATE -s SERVICE -l
/// LOG</c>; <c>-Tail</c> and <c>-Wait</c> are ours. With <c>-Path</c> the tree or log is read on every node the spec
/// reaches (not with <c>-Wait</c>, which follows one node).
/// </para>
/// </remarks>
/// <example>
/// <code>PS> Get-OverlordProjectLog | Sort-Object Path | Select-Object -Last 5</code>
/// <para>Lists the five newest Director log files of the connected node (Node, Chain, Path).</para>
/// </example>
/// <example>
/// <code>PS> Get-OverlordProjectLog -Date 2025-06-14_09h41m07s -Service web -Log create.log -Tail 50</code>
/// <para>Prints the last 50 lines of the create log of service web, one OverlordLogLine each (LineNumber and Line).</para>
/// </example>
/// <example>
/// <code>PS> (Get-OverlordProjectLog -Date 2025-06-14_09h41m07s -Service web -Log create.log).Content</code>
/// <para>Prints the whole log as one string.</para>
/// </example>
/// <example>
/// <code>PS> Get-OverlordProjectLog -Date 2025-06-14_09h41m07s -Service web -Log start.log -Wait</code>
/// <para>Prints the log and then each new line as Director writes it, until Ctrl+C.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "OverlordProjectLog", DefaultParameterSetName = ListSet)]
[OutputType(typeof(OverlordLog), typeof(OverlordLogLine))]
public sealed class GetOverlordProjectLogCommand : NodeReadCmdlet
{
    private const string ListSet = "List";
    private const string ContentSet = "Content";

    /// <summary>The log directory, e.g. <c>2025-06-14_09h41m07s</c>.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ContentSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Date { get; set; } = null!;

    /// <summary>The service.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ContentSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Service { get; set; } = null!;

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

    /// <inheritdoc />
    protected override void BeginProcessing() => LogFollower.RefuseWaitWithPath(this, Wait);

    /// <inheritdoc />
    internal override void ProcessTarget(OverlordNode node, string chain)
    {
        if (ParameterSetName == ContentSet)
        {
            var path = $"{Date}/{Service}/{Log}";
            if (Tail is not null || Wait)
            {
                LogFollower.Run(this, node, chain, path, (skip, tail, partial, c) => node.GetProjectLogLinesAsync(chain, Date, Service, Log, skip, tail, partial, c), Tail, Wait);
                return;
            }
            if (TryRun(c => node.GetProjectLogAsync(chain, Date, Service, Log, c), path, out var text))
            {
                WriteObject(new OverlordLog(node.Address, chain, path, text));
            }
            return;
        }
        if (!TryRun(c => node.GetProjectLogTreeAsync(chain, c), chain, out var tree))
        {
            return;
        }
        foreach (var (date, services) in tree)
        {
            foreach (var (service, files) in services)
            {
                foreach (var file in files)
                {
                    WriteObject(new OverlordLog(node.Address, chain, $"{date}/{service}/{file}", null));
                }
            }
        }
    }
}
