using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.Core.Specs;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Gets metadata entries (key and text value) stored on a node.</summary>
/// <remarks>
/// <para>
/// Metadata are small texts a node keeps for deployments: a <c>metadata</c> spec writes them, and project specs read
/// them (<c>projectFromMetadata</c>, <c>environFromMetadata</c>). Without -Key this writes every entry of the node;
/// keys with wildcards filter the node's key list; keys without wildcards are read directly, and a missing one is a
/// NodeRefused error (ObjectNotFound) naming the key.
/// </para>
/// <para>Upstream CLI: <c>overlord get-info -t metadata</c>, which prints the node's entries filtered to a spec's keys.</para>
/// </remarks>
/// <example title="List every entry">
/// <code>PS> Get-OverlordMetadata
///
/// Node                   Chain Key      Value
/// ----                   ----- ---      -----
/// http://127.0.0.1:8888/       app.name web
/// http://127.0.0.1:8888/       app.port 8080</code>
/// <para>Lists every metadata entry of the connected node.</para>
/// </example>
/// <example title="Read one value">
/// <code>PS> Get-OverlordMetadata -Key app.port | Select-Object -ExpandProperty Value
/// 8080</code>
/// <para>Reads one key and prints only its value.</para>
/// </example>
/// <example title="A key the node does not have">
/// <code>PS> Get-OverlordMetadata -Key nope
/// Get-OverlordMetadata: 404 from http://127.0.0.1:8888/v1/metadata/nope: Metadata cannot be found.</code>
/// <para>A key without wildcards that the node does not have is an error; with wildcards (app.*) no match is no output.</para>
/// </example>
/// <seealso cref="SetOverlordMetadataCommand"/>
/// <seealso cref="RemoveOverlordMetadataCommand"/>
[Cmdlet(VerbsCommon.Get, "OverlordMetadata", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(OverlordMetadata))]
public sealed class GetOverlordMetadataCommand : NodeReadCmdlet
{
    private const string DefaultSet = "Default";

    /// <summary>
    /// The keys to read; wildcards allowed (<c>app.*</c>). Without it every key. Binds the Key property of piped
    /// objects.
    /// </summary>
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
