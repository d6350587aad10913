using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>
/// <c>Get-OverlordJailLog</c>: AppJail's log tree of a host as one object per file; with <c>-Type -Entity -Subtype
/// -Log</c> the text of that log (ANSI escapes stripped by the node).
/// </summary>
[Cmdlet(VerbsCommon.Get, "OverlordJailLog", DefaultParameterSetName = ListSet)]
[OutputType(typeof(OverlordLog))]
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

    /// <inheritdoc />
    internal override void ProcessTarget(OverlordNode node, string chain)
    {
        if (ParameterSetName == ContentSet)
        {
            var path = $"{Type}/{Entity}/{Subtype}/{Log}";
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
