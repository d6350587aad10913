using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.Core.Specs;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>
/// <c>Get-OverlordMetadata</c>: metadata entries of a node with their values. Without <c>-Key</c> every key; a
/// <c>-Key</c> with wildcards filters the key list, one without is read directly (404 → NodeRefused, ObjectNotFound).
/// </summary>
[Cmdlet(VerbsCommon.Get, "OverlordMetadata", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(OverlordMetadata))]
public sealed class GetOverlordMetadataCommand : NodeReadCmdlet
{
    private const string DefaultSet = "Default";

    /// <summary>Keys; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Key { get; set; }

    /// <inheritdoc />
    internal override void ProcessTarget(OverlordNode node, string chain)
    {
        // With -Path and no -Key, a metadata spec's own keys are read, as upstream's get-info -t metadata does.
        var wanted = Key ?? (TargetSpec is MetadataSpec spec ? [.. spec.PrefixedMetadata.Select(m => m.Key)] : null);
        IEnumerable<string> keys;
        if (wanted is not null && wanted.All(k => !WildcardPattern.ContainsWildcardCharacters(k)))
        {
            keys = wanted;
        }
        else if (TryRun(c => node.GetMetadataKeysAsync(chain, c), chain, out var all))
        {
            keys = NameFilter.Select(all, wanted, this, "Metadata", ErrorIds.NodeRefused);
        }
        else
        {
            return;
        }
        foreach (var key in keys)
        {
            if (TryRun(c => node.GetMetadataAsync(chain, key, c), key, out var value))
            {
                WriteObject(new OverlordMetadata(node.Address, chain, key, value));
            }
        }
    }
}
