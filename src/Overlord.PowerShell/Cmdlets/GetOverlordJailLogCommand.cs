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
public sealed class GetOverlordJailLogCommand : NodeReadCmdlet
{
    private const string ListSet = "List";
    private const string ContentSet = "Content";

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
            var path = $"{Type}/{Entity}/{Subtype}/{Log}";
            if (Tail is not null || Wait)
            {
                LogFollower.Run(this, node, chain, path, (skip, tail, partial, c) => node.GetJailLogLinesAsync(chain, Type, Entity, Subtype, Log, skip, tail, partial, c), Tail, Wait);
                return;
            }
            if (TryRun(c => node.GetJailLogAsync(chain, Type, Entity, Subtype, Log, c), path, out var text))
            {
                WriteObject(new OverlordLog(node.Address, chain, path, text));
            }
            return;
        }
        if (!TryRun(c => node.GetJailLogTreeAsync(chain, c), chain, out var tree))
        {
            return;
        }
        foreach (var (type, entities) in tree)
        {
            foreach (var (entity, subtypes) in entities)
            {
                foreach (var (subtype, files) in subtypes)
                {
                    foreach (var file in files)
                    {
                        WriteObject(new OverlordLog(node.Address, chain, $"{type}/{entity}/{subtype}/{file}", null));
                    }
                }
            }
        }
    }
}
