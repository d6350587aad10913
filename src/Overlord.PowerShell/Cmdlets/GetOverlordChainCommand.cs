using System.Management.Automation;
using Overlord.Core.Api;
using Overlord.Core.Client;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Gets the chains (child nodes) below a node: its direct children, the whole tree, or their smart-timeout state.</summary>
/// <remarks>
/// <para>
/// A node's configuration can chain other nodes below it (<c>chains:</c> in overlord.yml); calls reach them through
/// the node with a dotted chain path such as <c>alpha.charlie</c>. Without a switch this writes one OverlordChain per
/// direct child of the addressed node, whose Chain is the child's full path, so piping it to another node cmdlet
/// addresses the child.
/// </para>
/// <para>
/// -Tree writes the whole tree below the node, depth first, one OverlordChainTreeEntry per branch with its depth and
/// labels; a branch that could not be read carries the reason in Error and the walk goes on. -Label keeps the branches
/// that carry every given label (tab completion offers the labels of the tree). -Stats writes the
/// smart-timeout (autodisable) state of each direct child: failures since the last success, and whether and how long
/// calls to it are skipped.
/// </para>
/// <para>
/// Upstream CLI: <c>overlord get-info -t chains</c> and <c>-t chains:tree</c>; -Stats reads the node's
/// <c>/v1/chains/stats</c>, which upstream's CLI does not show.
/// </para>
/// </remarks>
/// <example title="List the direct children">
/// <code>PS> Get-OverlordChain
///
/// Node                   Chain Name
/// ----                   ----- ----
/// http://127.0.0.1:8888/ alpha alpha</code>
/// <para>Lists the direct children of the connected node: it has one, alpha.</para>
/// </example>
/// <example title="Walk the whole chain tree">
/// <code>PS> Get-OverlordChain -Tree
///
/// Node                   Path  Depth Labels          Error
/// ----                   ----  ----- ------          -----
/// http://127.0.0.1:8888/ alpha 1     all, web, alpha</code>
/// <para>Walks the whole tree below the node, with the labels of every branch.</para>
/// </example>
/// <example title="Find the nodes that carry a label">
/// <code>PS> Get-OverlordChain -Tree -Label web | Format-Table Path, Labels
///
/// Path                Labels
/// ----                ------
/// alpha               {all, web, db}
/// alpha.bravo         {all, web}
/// alpha.charlie.delta {all, web, web.public}</code>
/// <para>In the sandbox: the branches labelled web, where a spec with <c>deployIn.labels: [web]</c> would land.</para>
/// </example>
/// <example title="Show the smart-timeout state of the children">
/// <code>PS> Get-OverlordChain -Stats
///
/// Node                   Chain Failures Disabled LastFailure DisabledForSeconds
/// ----                   ----- -------- -------- ----------- ------------------
/// http://127.0.0.1:8888/ alpha 0        False</code>
/// <para>Shows the smart-timeout state of each direct child: alpha has not failed and is not disabled.</para>
/// </example>
/// <example title="List the labels of every child">
/// <code>PS> Get-OverlordChain | Get-OverlordLabel
///
/// Node                   Chain Name
/// ----                   ----- ----
/// http://127.0.0.1:8888/ alpha all
/// http://127.0.0.1:8888/ alpha web
/// http://127.0.0.1:8888/ alpha alpha</code>
/// <para>Pipes each child to Get-OverlordLabel, which binds its Node and Chain, to list the labels of every child.</para>
/// </example>
/// <seealso cref="GetOverlordLabelCommand"/>
/// <seealso cref="ConnectOverlordNodeCommand"/>
[Cmdlet(VerbsCommon.Get, "OverlordChain", DefaultParameterSetName = ChildrenSet)]
[OutputType(typeof(OverlordChain), ParameterSetName = [ChildrenSet])]
[OutputType(typeof(OverlordChainTreeEntry), ParameterSetName = [TreeSet])]
[OutputType(typeof(OverlordChainStats), ParameterSetName = [StatsSet])]
public sealed class GetOverlordChainCommand : NodeReadCmdlet
{
    private const string ChildrenSet = "Children";
    private const string TreeSet = "Tree";
    private const string StatsSet = "Stats";

    /// <summary>Write the whole tree below the node, depth first, one entry per branch (<c>/v1/chains/tree</c>).</summary>
    [Parameter(Mandatory = true, ParameterSetName = TreeSet)]
    public SwitchParameter Tree { get; set; }

    /// <summary>With <c>-Tree</c>: only the branches whose labels include every one of these (exact, as deployIn matches them).</summary>
    [Parameter(ParameterSetName = TreeSet)]
    [ArgumentCompleter(typeof(Completers.LabelCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Label { get; set; }

    /// <summary>Write the smart-timeout state of each direct child instead of the child (<c>/v1/chains/stats</c>).</summary>
    [Parameter(Mandatory = true, ParameterSetName = StatsSet)]
    public SwitchParameter Stats { get; set; }

    /// <inheritdoc />
    internal override void ProcessTarget(OverlordNode node, string chain)
    {
        // With -Path the list is the nodes the spec reaches, as upstream's get-info -t chains prints them.
        if (Path is not null && ParameterSetName == ChildrenSet)
        {
            WriteObject(new OverlordChain(node.Address, chain, chain.Split('.')[^1]));
            return;
        }
        switch (ParameterSetName)
        {
            case TreeSet:
                if (TryRun(c => node.GetChainTreeAsync(chain, c), chain, out var tree))
                {
                    foreach (var entry in Flatten(node.Address, chain, "", 1, tree.Chains)
                        .Where(e => Label is null || Label.All(l => e.Labels.Contains(l, StringComparer.Ordinal))))
                    {
                        WriteObject(entry);
                    }
                }
                break;
            case StatsSet:
                if (TryRun(c => node.GetChainStatsAsync(chain, c), chain, out var stats))
                {
                    foreach (var s in stats)
                    {
                        WriteObject(new OverlordChainStats(node.Address, Join(chain, s.Chain), s.Failures, s.Disabled, s.LastFailure, s.DisabledForSeconds));
                    }
                }
                break;
            default:
                if (TryRun(c => node.GetChainsAsync(chain, c), chain, out var children))
                {
                    foreach (var name in children)
                    {
                        WriteObject(new OverlordChain(node.Address, Join(chain, name), name));
                    }
                }
                break;
        }
    }

    /// <summary>Depth-first entries of a tree reply; <paramref name="root"/> is the chain the tree was asked of.</summary>
    internal static IEnumerable<OverlordChainTreeEntry> Flatten(Uri address, string root, string prefix, int depth, IReadOnlyList<ChainTreeNode>? nodes)
    {
        foreach (var child in nodes ?? [])
        {
            var path = Join(prefix, child.Name);
            var error = child.Error is { } e ? $"{e.StatusCode} {e.Error}: {e.Message}" : null;
            yield return new OverlordChainTreeEntry(address, Join(root, path), path, depth, child.Labels ?? [], error);
            foreach (var below in Flatten(address, root, path, depth + 1, child.Chains))
            {
                yield return below;
            }
        }
    }

    internal static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";
}
