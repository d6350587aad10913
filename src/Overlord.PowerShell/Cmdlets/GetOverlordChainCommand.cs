using System.Management.Automation;
using Overlord.Core.Api;
using Overlord.Core.Client;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>
/// <c>Get-OverlordChain</c>: the direct children of a node; <c>-Tree</c> the whole tree below it (flattened, depth
/// first), <c>-Stats</c> the smart-timeout state of each child.
/// </summary>
[Cmdlet(VerbsCommon.Get, "OverlordChain", DefaultParameterSetName = ChildrenSet)]
[OutputType(typeof(OverlordChain), ParameterSetName = [ChildrenSet])]
[OutputType(typeof(OverlordChainTreeEntry), ParameterSetName = [TreeSet])]
[OutputType(typeof(OverlordChainStats), ParameterSetName = [StatsSet])]
public sealed class GetOverlordChainCommand : NodeReadCmdlet
{
    private const string ChildrenSet = "Children";
    private const string TreeSet = "Tree";
    private const string StatsSet = "Stats";

    /// <summary>Walk the whole tree (<c>/v1/chains/tree</c>).</summary>
    [Parameter(Mandatory = true, ParameterSetName = TreeSet)]
    public SwitchParameter Tree { get; set; }

    /// <summary>The smart-timeout state of each direct child (<c>/v1/chains/stats</c>).</summary>
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
                    foreach (var entry in Flatten(node.Address, chain, "", 1, tree.Chains))
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
