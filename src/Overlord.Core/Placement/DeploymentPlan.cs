using Overlord.Core.Chains;

namespace Overlord.Core.Placement;

/// <summary>What a plan is for; read-only specs may only be planned for <see cref="Read"/>.</summary>
public enum PlanPurpose
{
    /// <summary>Deploy (upstream <c>apply</c>).</summary>
    Apply,
    /// <summary>Remove (upstream <c>destroy</c>).</summary>
    Destroy,
    /// <summary>Cancel running jobs (upstream <c>cancel</c>).</summary>
    Cancel,
    /// <summary>Read information (upstream <c>get-info</c>, <c>print-template</c>).</summary>
    Read,
}

/// <summary>One node that a spec is deployed to.</summary>
public sealed record DeploymentTarget
{
    /// <summary>The datacenter (spec key) whose node the call goes to.</summary>
    public required string Datacenter { get; init; }

    /// <summary>The datacenter's base URL.</summary>
    public required Uri Entrypoint { get; init; }

    /// <summary>The path below the datacenter's node; <see cref="ChainPath.Root"/> for the node itself.</summary>
    public required ChainPath Path { get; init; }

    /// <summary>The node's labels in the order the node reports them.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>Why the node was selected, e.g. <c>matched by label 'web'</c>.</summary>
    public string Reason { get; init; } = "";

    /// <summary>
    /// True when the target is among the first <c>maximumDeployments</c> (counting every earlier target as a success);
    /// always true without a maximum. Only for display (<c>-WhatIf</c>): the executor counts real successes with
    /// <see cref="DeploymentBudget"/>.
    /// </summary>
    public bool WithinMaximum { get; init; } = true;

    /// <summary>The chain to pass to the <c>GetChain…</c> API methods; null for the datacenter's own node.</summary>
    public string? Chain => Path.IsRoot ? null : Path.ToString();

    /// <summary>The full dotted address, datacenter first: <c>main.alpha.charlie</c>.</summary>
    public string Address => Path.IsRoot ? Datacenter : $"{Datacenter}.{Path}";

    /// <inheritdoc />
    public override string ToString() => Address;
}

/// <summary>A part of the tree that could not be read; the rest of the plan stands.</summary>
/// <param name="Datacenter">The datacenter.</param>
/// <param name="Path">The chain below the datacenter whose node (or whose children) could not be read.</param>
/// <param name="Error">What went wrong, e.g. <c>503 ConnectError: Connection refused</c>.</param>
/// <param name="ChildrenOnly">True when the node itself answered but its children could not be listed.</param>
public sealed record UnreachableChain(string Datacenter, ChainPath Path, string Error, bool ChildrenOnly = false)
{
    /// <summary>The chain to pass to the API; null for the datacenter's own node.</summary>
    public string? Chain => Path.IsRoot ? null : Path.ToString();

    /// <summary>The full dotted address, datacenter first.</summary>
    public string Address => Path.IsRoot ? Datacenter : $"{Datacenter}.{Path}";

    /// <inheritdoc />
    public override string ToString() => $"{Address}: {Error}";
}

/// <summary>The targets of a spec, in upstream's order, and the branches that could not be reached.</summary>
/// <param name="Targets">Targets in order: entrypoint by entrypoint, each tree depth-first (a node before its children).</param>
/// <param name="Unreachable">Branches that could not be read; never fatal.</param>
/// <param name="MaximumDeployments">The spec's <c>maximumDeployments</c>; 0 = no limit.</param>
public sealed record DeploymentPlan(IReadOnlyList<DeploymentTarget> Targets, IReadOnlyList<UnreachableChain> Unreachable, long MaximumDeployments);
