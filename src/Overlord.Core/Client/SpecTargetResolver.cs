using Overlord.Core.Api;
using Overlord.Core.Placement;
using Overlord.Core.Specs;

namespace Overlord.Core.Client;

/// <summary>One node a spec reaches: its datacenter, the facade for the datacenter's entrypoint and the chain below it.</summary>
/// <param name="Datacenter">The datacenter name in the spec.</param>
/// <param name="Node">The facade for the datacenter's entrypoint; owned by the <see cref="SpecTargetResolver"/>.</param>
/// <param name="Chain">The dotted chain below the entrypoint; "" for the entrypoint itself.</param>
/// <param name="Labels">The node's labels.</param>
public sealed record SpecTarget(string Datacenter, OverlordNode Node, string Chain, IReadOnlyList<string> Labels);

/// <summary>A branch of a datacenter's tree that could not be read.</summary>
/// <param name="Datacenter">The datacenter name in the spec.</param>
/// <param name="Chain">The dotted chain; "" for the entrypoint itself.</param>
/// <param name="Message">Why.</param>
public sealed record SpecTargetFailure(string Datacenter, string Chain, string Message)
{
    /// <summary><c>dc</c> or <c>dc.a.b</c>, as upstream writes entrypoints.</summary>
    public string Address => Chain.Length == 0 ? Datacenter : $"{Datacenter}.{Chain}";
}

/// <summary>What a spec reaches: the nodes, and the branches that could not be read.</summary>
/// <param name="Targets">The nodes, in walk order.</param>
/// <param name="Failures">The unreadable branches.</param>
public sealed record SpecTargets(IReadOnlyList<SpecTarget> Targets, IReadOnlyList<SpecTargetFailure> Failures);

/// <summary>
/// Finds the nodes a spec's <c>deployIn</c> reaches, as upstream's <c>get-info -f spec.yml</c> does: the
/// <see cref="DeploymentPlanner"/>'s walk (one tree call per entrypoint, label match with exclude first) with one
/// <see cref="OverlordNode"/> per datacenter built from the spec's entrypoint, access token, timeouts and cacert.
/// A Refit-free facade for the cmdlets; it owns the nodes it hands out until disposed.
/// </summary>
public sealed class SpecTargetResolver : IDisposable
{
    private readonly Dictionary<string, OverlordNode> _nodes = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>
    /// The nodes <paramref name="spec"/> reaches. <paramref name="allLabels"/> keeps every node of the walk (upstream's
    /// <c>--all-labels</c>); <paramref name="useAutoScaleLabels"/> matches a directorProject's <c>autoScale.labels</c>
    /// instead of <c>deployIn.labels</c>.
    /// </summary>
    public async Task<SpecTargets> ResolveAsync(Spec spec, bool allLabels, bool useAutoScaleLabels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var planner = new DeploymentPlanner(new Factory(this), new PlannerOptions { AllLabels = allLabels, UseAutoScaleLabels = useAutoScaleLabels });
        var plan = await planner.PlanAsync(spec, PlanPurpose.Read, cancellationToken).ConfigureAwait(false);
        var targets = plan.Targets
            .Select(t => new SpecTarget(t.Datacenter, _nodes[t.Datacenter], t.Chain ?? "", t.Labels))
            .ToList();
        var failures = plan.Unreachable
            .Select(u => new SpecTargetFailure(u.Datacenter, u.Chain ?? "", u.Error))
            .ToList();
        return new SpecTargets(targets, failures);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var node in _nodes.Values)
            {
                node.Dispose();
            }
            _nodes.Clear();
        }
    }

    private sealed class Factory(SpecTargetResolver owner) : IDatacenterClientFactory
    {
        public IOverlordApi GetClient(string datacenter, DatacenterSpec spec)
        {
            lock (owner._gate)
            {
                if (!owner._nodes.TryGetValue(datacenter, out var node))
                {
                    node = new OverlordNode(DatacenterClientFactory.BaseAddress(datacenter, spec), DatacenterClientFactory.CreateClient(datacenter, spec));
                    owner._nodes[datacenter] = node;
                }
                return node.Api;
            }
        }
    }
}
