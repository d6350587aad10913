using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary><c>Get-OverlordStats</c>: each rctl resource summed over the jails of a host, one object per resource.</summary>
[Cmdlet(VerbsCommon.Get, "OverlordStats", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(OverlordStat))]
public sealed class GetOverlordStatsCommand : NodeReadCmdlet
{
    private const string DefaultSet = "Default";

    /// <inheritdoc />
    internal override void ProcessTarget(OverlordNode node, string chain)
    {
        if (TryRun(c => node.GetServerStatsAsync(chain, c), chain, out var stats))
        {
            foreach (var (resource, value) in stats)
            {
                WriteObject(new OverlordStat(node.Address, chain, resource, value));
            }
        }
    }
}
