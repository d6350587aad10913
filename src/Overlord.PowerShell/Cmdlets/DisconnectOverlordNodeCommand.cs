using System.Management.Automation;
using Overlord.PowerShell.Completers;

namespace Overlord.PowerShell.Cmdlets;

/// <summary><c>Disconnect-OverlordNode</c>: forgets the node of <c>Connect-OverlordNode</c>; nothing to do when none is connected.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "OverlordNode", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(void))]
public sealed class DisconnectOverlordNodeCommand : OverlordCmdlet
{
    private const string DefaultSet = "Default";

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        NodeConnection.Set(null);
        ChainCompleter.Forget();
    }
}
