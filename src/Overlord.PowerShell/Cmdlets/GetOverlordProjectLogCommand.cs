using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>
/// <c>Get-OverlordProjectLog</c>: Director's log tree of a node as one object per file; with <c>-Date -Service -Log</c>
/// the text of that log.
/// </summary>
[Cmdlet(VerbsCommon.Get, "OverlordProjectLog", DefaultParameterSetName = ListSet)]
[OutputType(typeof(OverlordLog))]
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

    /// <inheritdoc />
    internal override void ProcessTarget(OverlordNode node, string chain)
    {
        if (ParameterSetName == ContentSet)
        {
            var path = $"{Date}/{Service}/{Log}";
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
