using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Gets the resource usage of a node's host: each rctl resource summed over its jails.</summary>
/// <remarks>
/// <para>
/// The node polls the rctl usage of every jail (cputime, memoryuse, openfiles, ...); this writes one OverlordStat per
/// resource with its sum over the jails of the host, for the connected node, -Uri, or the node at -Chain. A host
/// without jails has no sums, and nothing is written.
/// </para>
/// <para>
/// Upstream CLI: <c>overlord get-info -t chains:stats</c>, which prints these sums per chain. The economy rule of an
/// autoscaled project compares the same figures with its limits.
/// </para>
/// </remarks>
/// <example title="Read one resource of a chain">
/// <code>PS> Get-OverlordStats -Chain alpha | Where-Object Resource -eq memoryuse</code>
/// <para>
/// Writes the memory in use by all jails of the host at alpha (Node, Chain, Resource, Value); on a host that runs no
/// jails it writes nothing.
/// </para>
/// </example>
/// <example title="Read the sums of every child">
/// <code>PS> Get-OverlordChain | Get-OverlordStats</code>
/// <para>Writes the sums of every direct child of the connected node; each child binds -Uri and -Chain.</para>
/// </example>
/// <seealso cref="GetOverlordChainCommand"/>
[Cmdlet(VerbsCommon.Get, "OverlordStats", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(OverlordStat))]
public sealed class GetOverlordStatsCommand : NodeReadCmdlet
{
    private const string DefaultSet = "Default";

    /// <inheritdoc />
    internal override void ProcessTarget(OverlordNode node, string chain)
    {
        if (TryRun(c => node.GetServerStatsAsync(chain, c), chain, out var stats))
        {
            foreach (var (resource, value) in stats)
            {
                WriteObject(new OverlordStat(node.Address, chain, resource, value));
            }
        }
    }
}
