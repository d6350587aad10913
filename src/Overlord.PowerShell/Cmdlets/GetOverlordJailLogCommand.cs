using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Gets AppJail's log files of a node, or the text of one log, its last lines or the lines as they come.</summary>
/// <remarks>
/// <para>
/// Without <c>-Type</c>/<c>-Entity</c>/<c>-Subtype</c>/<c>-Log</c> it lists the node's AppJail log tree
/// (<c>GET /v1/jails/logs</c>) as one OverlordLog per file, whose Path is <c>type/entity/subtype/file</c>. With them it
/// reads that log (<c>GET /v1/jail/log/…</c>, ANSI escapes stripped by the node) into one OverlordLog whose Content is
/// the text.
/// </para>
/// <para>
/// <c>-Tail N</c> writes the last N lines instead, one OverlordLogLine (LineNumber, Line) each, reading the node's answer as
/// a stream so a large log is never held in memory. <c>-Wait</c> then keeps polling the log every second and writes
/// each new line, like <c>Get-Content -Wait</c>, until Ctrl+C; a log that shrinks is read again from the start
/// with a warning.
/// </para>
/// <para>
/// Upstream equivalents: <c>overlord get-info -t jails:logs</c> and <c>overlord get-jail-log -t TYPE -e ENTITY -s SUBTYPE
/// -l LOG</c>; <c>-Tail</c> and <c>-Wait</c> are ours. With <c>-Path</c> the tree or log is read on every node the spec
/// reaches (not with <c>-Wait</c>, which follows one node).
/// </para>
/// </remarks>
/// <example>
/// <code>PS> Get-OverlordJailLog | Where-Object Path -like 'jails/web01/*'</code>
/// <para>Lists the log files of the jail web01 on the connected node: Node, Chain and Path per file.</para>
/// </example>
/// <example>
/// <code>PS> Get-OverlordJailLog -Type jails -Entity web01 -Subtype startup-start -Log 2025-06-14.log -Tail 20</code>
/// <para>Prints the last 20 lines of that log, one OverlordLogLine each (LineNumber and Line).</para>
/// </example>
/// <example>
/// <code>PS> Get-OverlordJailLog -Chain alpha -Type jails -Entity web01 -Subtype startup-start -Log 2025-06-14.log -Tail 0 -Wait</code>
/// <para>Follows the log on the node 'alpha' below the connected node: prints each line written from now on until Ctrl+C.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "OverlordJailLog", DefaultParameterSetName = ListSet)]
[OutputType(typeof(OverlordLog), typeof(OverlordLogLine))]
public sealed class GetOverlordJailLogCommand : LogCmdlet
{
    /// <summary>The log type, e.g. <c>jails</c>.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ContentSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Type { get; set; } = null!;

    /// <summary>The entity, e.g. the jail name.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ContentSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Entity { get; set; } = null!;

    /// <summary>The subtype, e.g. <c>startup-start</c>.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ContentSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Subtype { get; set; } = null!;

    internal override string LogPath => $"{Type}/{Entity}/{Subtype}/{Log}";

    internal override Task<string> ReadTextAsync(OverlordNode node, string chain, CancellationToken cancellationToken) =>
        node.GetJailLogAsync(chain, Type, Entity, Subtype, Log, cancellationToken);

    internal override Task<LogLines> ReadLinesAsync(OverlordNode node, string chain, long skip, int? tail, bool partial, CancellationToken cancellationToken) =>
        node.GetJailLogLinesAsync(chain, Type, Entity, Subtype, Log, skip, tail, partial, cancellationToken);

    internal override IEnumerable<string>? ListPaths(OverlordNode node, string chain) =>
        TryRun(c => node.GetJailLogTreeAsync(chain, c), chain, out var tree)
            ? from type in tree
              from entity in type.Value
              from subtype in entity.Value
              from file in subtype.Value
              select $"{type.Key}/{entity.Key}/{subtype.Key}/{file}"
            : null;
}
