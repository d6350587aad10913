using System.Management.Automation;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Stores a metadata value on a node, creating the key when it does not exist.</summary>
/// <remarks>
/// <para>
/// Asks the node whether the key exists (HEAD), then replaces its value (PUT) or creates it (POST), as upstream's
/// client does when it deploys a <c>metadata</c> spec (<c>overlord apply</c>); this sets one key without a spec.
/// Keys follow upstream's metadata name rule (words of letters and digits, each starting with a letter, joined by a
/// single '.', '-' or '_'); a key the node refuses is a NodeRefused error naming it.
/// </para>
/// <para>Supports -WhatIf and -Confirm. Nothing is written unless -PassThru is given.</para>
/// </remarks>
/// <example title="Store a value">
/// <code>PS> Set-OverlordMetadata -Key app.port -Value 8080</code>
/// <para>Stores 8080 under app.port on the connected node; it writes nothing.</para>
/// </example>
/// <example title="Store a value on a chain and write the entry">
/// <code>PS> Set-OverlordMetadata -Chain alpha -Key app.port -Value 8080 -PassThru
///
/// Node                   Chain Key      Value
/// ----                   ----- ---      -----
/// http://127.0.0.1:8888/ alpha app.port 8080</code>
/// <para>Stores the key on alpha, the chain below the connected node, and writes the stored entry.</para>
/// </example>
/// <example title="Preview with -WhatIf">
/// <code>PS> Set-OverlordMetadata -Key db.host -Value 10.0.0.5 -WhatIf
/// What if: Performing the operation "Set metadata" on target "db.host on http://127.0.0.1:8888/".</code>
/// <para>Shows what would be stored without calling the node.</para>
/// </example>
/// <seealso cref="GetOverlordMetadataCommand"/>
/// <seealso cref="RemoveOverlordMetadataCommand"/>
[Cmdlet(VerbsCommon.Set, "OverlordMetadata", DefaultParameterSetName = DefaultSet, SupportsShouldProcess = true)]
[OutputType(typeof(OverlordMetadata))]
public sealed class SetOverlordMetadataCommand : NodeCmdlet
{
    private const string DefaultSet = "Default";

    /// <summary>The metadata key to store, e.g. <c>app.port</c>. Binds the Key property of piped objects.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Key { get; set; } = null!;

    /// <summary>The text to store; "" stores an empty value. Binds the Value property of piped objects.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string Value { get; set; } = null!;

    /// <summary>Write the stored entry; without it nothing is written.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var (node, chain) = Target();
        if (!ShouldProcess($"{Key} on {node.Address}{(chain.Length > 0 ? $" chain {chain}" : "")}", "Set metadata"))
        {
            return;
        }
        if (TryRun(c => node.SetMetadataAsync(chain, Key, Value, c), Key, out _) && PassThru)
        {
            WriteObject(new OverlordMetadata(node.Address, chain, Key, Value));
        }
    }
}
