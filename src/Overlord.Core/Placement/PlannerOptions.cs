namespace Overlord.Core.Placement;

/// <summary>Upstream's command-line switches that change which nodes are targets.</summary>
public sealed record PlannerOptions
{
    /// <summary>Upstream's defaults: every matching node.</summary>
    public static PlannerOptions Default { get; } = new();

    /// <summary>
    /// <c>--filter-chain</c>: when not empty, keep only nodes whose path below the datacenter is one of these
    /// (dotted, e.g. <c>alpha.charlie</c>); the datacenter's own node is dropped unless <see cref="FilterRootChain"/>.
    /// </summary>
    public IReadOnlyList<string> FilterChains { get; init; } = [];

    /// <summary><c>--filter-root-chain</c>: with <see cref="FilterChains"/>, keep the datacenter's own node too.</summary>
    public bool FilterRootChain { get; init; }

    /// <summary><c>--all-labels</c> (get-info): every reachable node is a target; labels and exclude are not checked.</summary>
    public bool AllLabels { get; init; }

    /// <summary><c>--use-autoscale-labels</c> (get-info): match <c>autoScale.labels</c> instead of <c>deployIn.labels</c>.</summary>
    public bool UseAutoScaleLabels { get; init; }
}
