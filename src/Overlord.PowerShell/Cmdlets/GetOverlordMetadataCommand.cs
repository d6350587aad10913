using System.Management.Automation;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>
/// <c>Get-OverlordMetadata</c>: metadata entries of a node with their values. Without <c>-Key</c> every key; a
/// <c>-Key</c> with wildcards filters the key list, one without is read directly (404 → NodeRefused, ObjectNotFound).
/// </summary>
[Cmdlet(VerbsCommon.Get, "OverlordMetadata", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(OverlordMetadata))]
public sealed class GetOverlordMetadataCommand : NodeCmdlet
{
    private const string DefaultSet = "Default";

    /// <summary>Keys; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Key { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var (node, chain) = Target();
        IEnumerable<string> keys;
        if (Key is not null && Key.All(k => !WildcardPattern.ContainsWildcardCharacters(k)))
        {
            keys = Key;
        }
        else if (TryRun(c => node.GetMetadataKeysAsync(chain, c), chain, out var all))
        {
            keys = NameFilter.Select(all, Key, this, "Metadata", ErrorIds.NodeRefused);
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
