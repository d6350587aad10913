using System.Management.Automation;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>
/// <c>Set-OverlordMetadata</c>: stores a metadata value, creating the key when absent (HEAD, then PUT or POST, as
/// upstream's client does).
/// </summary>
[Cmdlet(VerbsCommon.Set, "OverlordMetadata", DefaultParameterSetName = DefaultSet, SupportsShouldProcess = true)]
[OutputType(typeof(OverlordMetadata))]
public sealed class SetOverlordMetadataCommand : NodeCmdlet
{
    private const string DefaultSet = "Default";

    /// <summary>The key.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Key { get; set; } = null!;

    /// <summary>The text to store.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string Value { get; set; } = null!;

    /// <summary>Write the stored entry.</summary>
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
