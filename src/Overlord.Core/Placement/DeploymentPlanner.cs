using System.Net;
using Overlord.Core.Api;
using Overlord.Core.Chains;
using Overlord.Core.Labels;
using Overlord.Core.Specs;

namespace Overlord.Core.Placement;

/// <summary>
/// Finds the nodes a spec is deployed to, as upstream's client does before apply, destroy, cancel and get-info:
/// <list type="number">
/// <item>one walk per <c>deployIn.entrypoints</c> item (<c>dc</c> or <c>dc.a.b</c>); identical items collapse,
/// overlapping ones do not (<c>main</c> and <c>main.alpha</c> reach alpha twice);</item>
/// <item>each walk lists the start node and every node below it, depth-first, a node before its children — with one
/// <c>GET /v1/chains/tree</c> when the node serves it, else (404, an upstream node) with upstream's
/// <c>GET chains</c> + <c>GET labels</c> per node;</item>
/// <item><c>--filter-chain</c> keeps only the listed paths; then a node is a target when none of its labels is in
/// <c>exclude</c> and one is in <c>labels</c> (exclude first).</item>
/// </list>
/// A branch that cannot be read is reported in <see cref="DeploymentPlan.Unreachable"/> and the rest is planned.
/// </summary>
public sealed class DeploymentPlanner
{
    private readonly IDatacenterClientFactory _clients;
    private readonly PlannerOptions _options;

    /// <summary>Creates a planner that reaches datacenters through <paramref name="clients"/>.</summary>
    public DeploymentPlanner(IDatacenterClientFactory clients, PlannerOptions? options = null)
    {
        _clients = clients;
        _options = options ?? PlannerOptions.Default;
    }

    /// <summary>
    /// Refuses a spec that cannot be used for <paramref name="purpose"/>: a <c>readOnly</c> spec only reads
    /// (upstream's apply and destroy exit 78 on it).
    /// </summary>
    /// <exception cref="DeploymentRefusedException">The spec cannot be used for <paramref name="purpose"/>.</exception>
    public static void EnsureUsableFor(Spec spec, PlanPurpose purpose)
    {
        if (spec is ReadOnlySpec && purpose != PlanPurpose.Read)
        {
            var verb = purpose switch { PlanPurpose.Apply => "deployed", PlanPurpose.Destroy => "destroyed", _ => "cancelled" };
            throw new DeploymentRefusedException(
                $"{spec.Path}: kind readOnly cannot be {verb}; it only reads information. Use a directorProject, metadata or vmJail spec.",
                "ReadOnlySpecRefused", DeploymentRefusedException.ConfigExitCode);
        }
    }

    /// <summary>Plans <paramref name="spec"/> for <paramref name="purpose"/>.</summary>
    /// <exception cref="DeploymentRefusedException">The spec cannot be used for <paramref name="purpose"/>.</exception>
    public async Task<DeploymentPlan> PlanAsync(Spec spec, PlanPurpose purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        EnsureUsableFor(spec, purpose);
        var labels = _options.UseAutoScaleLabels && spec is DirectorProjectSpec { AutoScale: { } autoScale }
            ? autoScale.Labels
            : spec.DeployIn.Labels;
        var matcher = new LabelMatcher(labels, spec.DeployIn.Exclude);
        var filter = ParseFilter(_options.FilterChains);
        var targets = new List<DeploymentTarget>();
        var unreachable = new List<UnreachableChain>();

        foreach (var entrypoint in spec.DeployIn.Entrypoints.Distinct())
        {
            var dc = entrypoint.Datacenter;
            IOverlordApi api;
            Uri address;
            try
            {
                var dcSpec = spec.Datacenters.TryGetValue(dc, out var d)
                    ? d
                    : throw new DatacenterClientException($"'{dc}' is not a datacenter of this spec.");
                address = DatacenterClientFactory.BaseAddress(dc, dcSpec);
                api = _clients.GetClient(dc, dcSpec);
            }
            catch (DatacenterClientException e)
            {
                unreachable.Add(new UnreachableChain(dc, entrypoint.Chain, e.Message));
                continue;
            }

            var nodes = new List<WalkedNode>();
            await WalkAsync(api, entrypoint.Chain, nodes, cancellationToken).ConfigureAwait(false);
            foreach (var node in nodes)
            {
                if (filter is not null && !(node.Path.IsRoot ? _options.FilterRootChain : filter.Contains(node.Path)))
                {
                    continue;
                }
                if (node.Error is not null)
                {
                    unreachable.Add(new UnreachableChain(dc, node.Path, node.Error, node.ChildrenOnly));
                    if (node.ChildrenOnly is false)
                    {
                        continue;
                    }
                }
                if (node.Labels is not { } nodeLabels)
                {
                    continue;
                }
                if (!_options.AllLabels && !matcher.Matches(nodeLabels))
                {
                    continue;
                }
                targets.Add(new DeploymentTarget
                {
                    Datacenter = dc,
                    Entrypoint = address,
                    Path = node.Path,
                    Labels = nodeLabels,
                    Reason = _options.AllLabels ? "all labels" : matcher.Explain(nodeLabels),
                });
            }
        }
        return new DeploymentPlan(MarkMaximum(spec, targets), unreachable, spec.MaximumDeployments);
    }

    /// <summary>How many successes one target adds to the <c>maximumDeployments</c> count if everything works.</summary>
    public static int DeploymentsPerTarget(Spec spec) => spec switch
    {
        // Upstream counts every metadata key and the namespace separately.
        MetadataSpec m => Math.Max(1, m.Metadata.Count + (m.Namespace is null ? 0 : 1)),
        _ => 1,
    };

    private static List<DeploymentTarget> MarkMaximum(Spec spec, List<DeploymentTarget> targets)
    {
        if (spec.MaximumDeployments == 0)
        {
            return targets;
        }
        var per = DeploymentsPerTarget(spec);
        long count = 0;
        for (var i = 0; i < targets.Count; i++)
        {
            // Upstream checks the count after each target, so a target starts while the count is below the maximum.
            targets[i] = targets[i] with { WithinMaximum = count < spec.MaximumDeployments };
            count += per;
        }
        return targets;
    }

    private static HashSet<ChainPath>? ParseFilter(IReadOnlyList<string> filters)
    {
        if (filters.Count == 0)
        {
            return null;
        }
        var set = new HashSet<ChainPath>();
        foreach (var text in filters)
        {
            if (!ChainPath.TryParse(text, out var path, out var error))
            {
                throw new ArgumentException($"--filter-chain '{text}': {error}", nameof(filters));
            }
            set.Add(path);
        }
        return set;
    }

    /// <summary>A node found by a walk: its labels, or why it (or its children) could not be read.</summary>
    private sealed record WalkedNode(ChainPath Path, IReadOnlyList<string>? Labels, string? Error, bool ChildrenOnly = false);

    private static async Task WalkAsync(IOverlordApi api, ChainPath start, List<WalkedNode> nodes, CancellationToken cancellationToken)
    {
        ChainTreeReply tree;
        try
        {
            tree = await api.GetChainsTreeAtAsync(Chain(start), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ChainCalls.HasStatus(e, HttpStatusCode.NotFound))
        {
            // An upstream node has no tree route (and a missing chain is a 404 too: the walk below reports it).
            await WalkRecursivelyAsync(api, start, nodes, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (ChainCalls.IsCallFailure(e, cancellationToken))
        {
            nodes.Add(new WalkedNode(start, null, ChainCalls.Describe(e)));
            return;
        }
        nodes.Add(new WalkedNode(start, tree.Labels ?? [], null));
        AddTree(start, tree.Chains ?? [], nodes);
    }

    private static void AddTree(ChainPath parent, IReadOnlyList<ChainTreeNode> children, List<WalkedNode> nodes)
    {
        foreach (var child in children)
        {
            ChainPath path;
            try
            {
                path = parent.Append(child.Name);
            }
            catch (ArgumentException e)
            {
                nodes.Add(new WalkedNode(parent, null, $"the node reported an invalid chain: {e.Message}", ChildrenOnly: true));
                continue;
            }
            if (child.Error is { } error)
            {
                nodes.Add(new WalkedNode(path, null, $"{error.StatusCode} {error.Error}: {error.Message}"));
                continue;
            }
            nodes.Add(new WalkedNode(path, child.Labels ?? [], null));
            AddTree(path, child.Chains ?? [], nodes);
        }
    }

    private static async Task WalkRecursivelyAsync(IOverlordApi api, ChainPath path, List<WalkedNode> nodes, CancellationToken cancellationToken)
    {
        // Upstream's order: the node, then each child followed by its own subtree (get_all_chains).
        IReadOnlyList<string> labels;
        try
        {
            labels = (await api.GetLabelsAtAsync(Chain(path), cancellationToken).ConfigureAwait(false)).Labels ?? [];
        }
        catch (Exception e) when (ChainCalls.IsCallFailure(e, cancellationToken))
        {
            nodes.Add(new WalkedNode(path, null, ChainCalls.Describe(e)));
            return;
        }
        IReadOnlyList<string> children;
        try
        {
            children = (await api.GetChainsAtAsync(Chain(path), cancellationToken).ConfigureAwait(false)).Chains ?? [];
        }
        catch (Exception e) when (ChainCalls.IsCallFailure(e, cancellationToken))
        {
            nodes.Add(new WalkedNode(path, labels, $"cannot list chains: {ChainCalls.Describe(e)}", ChildrenOnly: true));
            return;
        }
        nodes.Add(new WalkedNode(path, labels, null));
        foreach (var child in children)
        {
            ChainPath childPath;
            try
            {
                childPath = path.Append(child);
            }
            catch (ArgumentException e)
            {
                nodes.Add(new WalkedNode(path, null, $"the node reported an invalid chain: {e.Message}", ChildrenOnly: true));
                continue;
            }
            await WalkRecursivelyAsync(api, childPath, nodes, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? Chain(ChainPath path) => path.IsRoot ? null : path.ToString();
}
