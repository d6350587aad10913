using System.Management.Automation;

namespace Overlord.PowerShell.Cmdlets;

/// <summary><c>Remove-OverlordMetadata</c>: deletes metadata keys (a missing key is NodeRefused, ObjectNotFound).</summary>
[Cmdlet(VerbsCommon.Remove, "OverlordMetadata", DefaultParameterSetName = DefaultSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveOverlordMetadataCommand : NodeCmdlet
{
    private const string DefaultSet = "Default";

    /// <summary>The keys.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Key { get; set; } = null!;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var (node, chain) = Target();
        foreach (var key in Key)
        {
            if (ShouldProcess($"{key} on {node.Address}{(chain.Length > 0 ? $" chain {chain}" : "")}", "Remove metadata"))
            {
                TryRun(c => node.RemoveMetadataAsync(chain, key, c), key);
            }
        }
    }
}
