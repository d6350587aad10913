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
public sealed class GetOverlordProjectLogCommand : LogCmdlet
{
    /// <summary>The log directory, e.g. <c>2025-06-14_09h41m07s</c>.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ContentSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Date { get; set; } = null!;

    /// <summary>The service.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ContentSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Service { get; set; } = null!;

    internal override string LogPath => $"{Date}/{Service}/{Log}";

    internal override Task<string> ReadTextAsync(OverlordNode node, string chain, CancellationToken cancellationToken) =>
        node.GetProjectLogAsync(chain, Date, Service, Log, cancellationToken);

    internal override Task<LogLines> ReadLinesAsync(OverlordNode node, string chain, long skip, int? tail, bool partial, CancellationToken cancellationToken) =>
        node.GetProjectLogLinesAsync(chain, Date, Service, Log, skip, tail, partial, cancellationToken);

    internal override IEnumerable<string>? ListPaths(OverlordNode node, string chain) =>
        TryRun(c => node.GetProjectLogTreeAsync(chain, c), chain, out var tree)
            ? from date in tree
              from service in date.Value
              from file in service.Value
              select $"{date.Key}/{service.Key}/{file}"
            : null;
}
