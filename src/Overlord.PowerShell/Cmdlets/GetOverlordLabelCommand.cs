using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary><c>Get-OverlordLabel</c>: the labels of a node, one object per label.</summary>
[Cmdlet(VerbsCommon.Get, "OverlordLabel", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(OverlordLabel))]
public sealed class GetOverlordLabelCommand : NodeReadCmdlet
{
    private const string DefaultSet = "Default";

    /// <inheritdoc />
    internal override void ProcessTarget(OverlordNode node, string chain)
    {
        WriteVerbose($"GET {node.Address} labels (chain '{chain}')");
        if (TryRun(c => node.GetLabelsAsync(chain, c), chain, out var labels))
        {
            foreach (var label in labels)
            {
                WriteObject(new OverlordLabel(node.Address, chain, label));
            }
        }
    }
}
