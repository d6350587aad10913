using System.Management.Automation;
using Overlord.PowerShell.Completers;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Forgets the node that Connect-OverlordNode stored for the session.</summary>
/// <remarks>
/// <para>
/// After it, node cmdlets without -Uri and -Token fail with NotConnected until the next Connect-OverlordNode. No call
/// goes to the node: a token cannot be revoked, it only stops being used by this session. Running it when no node is
/// connected does nothing and is not an error. It writes nothing.
/// </para>
/// <para>Upstream's <c>overlord</c> CLI keeps no session, so it has no equivalent.</para>
/// </remarks>
/// <example title="Forget the connected node">
/// <code>PS> Disconnect-OverlordNode
/// PS> Get-OverlordLabel
/// Get-OverlordLabel: Get-OverlordLabel: no node. Run Connect-OverlordNode first, or give -Uri and -Token.</code>
/// <para>Forgets the connected node; the next node cmdlet without -Uri and -Token fails with NotConnected.</para>
/// </example>
/// <example title="Call a node without a connection">
/// <code>PS> Disconnect-OverlordNode
/// PS> Get-OverlordLabel -Uri http://127.0.0.1:8888 -Token (Get-Content ./token)
///
/// Node                   Chain Name
/// ----                   ----- ----
/// http://127.0.0.1:8888/       all
/// http://127.0.0.1:8888/       desktop</code>
/// <para>Without a connection the node cmdlets still work when they are given -Uri and -Token.</para>
/// </example>
/// <seealso cref="ConnectOverlordNodeCommand"/>
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
