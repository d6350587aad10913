using System.Management.Automation;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Deletes metadata keys from a node.</summary>
/// <remarks>
/// <para>
/// Deletes each key given (no wildcards: list the keys with Get-OverlordMetadata and pipe them). A key the node does
/// not have is a NodeRefused error (ObjectNotFound) naming it, and the next key is still deleted.
/// </para>
/// <para>
/// Upstream CLI: <c>overlord destroy</c> of a <c>metadata</c> spec, which deletes the spec's keys. Supports -WhatIf
/// and -Confirm. It writes nothing.
/// </para>
/// </remarks>
/// <example title="Delete a key">
/// <code>PS> Remove-OverlordMetadata -Key app.name</code>
/// <para>Deletes app.name from the connected node.</para>
/// </example>
/// <example title="Delete the keys that match a pattern">
/// <code>PS> Get-OverlordMetadata -Key app.* | Remove-OverlordMetadata</code>
/// <para>Deletes every key that starts with app. on the connected node; the piped entries bind -Key, -Uri and -Chain.</para>
/// </example>
/// <example title="Preview with -WhatIf">
/// <code>PS> Remove-OverlordMetadata -Key app.name -WhatIf
/// What if: Performing the operation "Remove metadata" on target "app.name on http://127.0.0.1:8888/".</code>
/// <para>Shows what would be deleted without calling the node.</para>
/// </example>
/// <seealso cref="GetOverlordMetadataCommand"/>
/// <seealso cref="SetOverlordMetadataCommand"/>
[Cmdlet(VerbsCommon.Remove, "OverlordMetadata", DefaultParameterSetName = DefaultSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveOverlordMetadataCommand : NodeCmdlet
{
    private const string DefaultSet = "Default";

    /// <summary>The metadata keys to delete, exactly as stored. Binds the Key property of piped objects.</summary>
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
