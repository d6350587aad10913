using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Gets the labels of a node, one object per label.</summary>
/// <remarks>
/// <para>
/// Labels come from the node's configuration (<c>labels:</c> in overlord.yml); a spec's <c>deployIn.labels</c> and
/// <c>exclude</c> choose the nodes it deploys to by them. This reads the labels of the connected node, of -Uri, or of
/// the node at -Chain below it, and writes one OverlordLabel per label in the node's order.
/// </para>
/// <para>Upstream CLI: the <c>labels</c> line that <c>overlord get-info</c> prints for each chain.</para>
/// </remarks>
/// <example title="List the labels of the connected node">
/// <code>PS> Get-OverlordLabel
///
/// Node                   Chain Name
/// ----                   ----- ----
/// http://127.0.0.1:8888/       all
/// http://127.0.0.1:8888/       desktop</code>
/// <para>Lists the labels of the connected node.</para>
/// </example>
/// <example title="List the labels of a chain">
/// <code>PS> Get-OverlordLabel -Chain alpha
///
/// Node                   Chain Name
/// ----                   ----- ----
/// http://127.0.0.1:8888/ alpha all
/// http://127.0.0.1:8888/ alpha web
/// http://127.0.0.1:8888/ alpha alpha</code>
/// <para>Lists the labels of alpha, the chain below the connected node.</para>
/// </example>
/// <example title="A token the node refuses">
/// <code>PS> Get-OverlordLabel -Token not-a-token
/// Get-OverlordLabel: 401 from http://127.0.0.1:8888/v1/labels: Error while decoding the JWT.</code>
/// <para>
/// Calls the connected node with another token; the node refuses it, and the error (NodeRefused, PermissionDenied)
/// names the status and the address.
/// </para>
/// </example>
/// <seealso cref="GetOverlordChainCommand"/>
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
