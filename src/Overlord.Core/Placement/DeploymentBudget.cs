namespace Overlord.Core.Placement;

/// <summary>
/// Upstream's <c>maximumDeployments</c>: every successful deployment (project up, VM, metadata key, namespace) counts
/// one, the count is checked after each target, and once it reaches the maximum the run stops successfully. Failures
/// do not count, so a later target takes the place of a failed one.
/// </summary>
/// <example>
/// <code>
/// var budget = new DeploymentBudget(spec.MaximumDeployments);
/// foreach (var target in plan.Targets)
/// {
///     if (budget.IsExhausted) break;
///     if (await DeployAsync(target)) budget.RecordSuccess();
/// }
/// </code>
/// </example>
public sealed class DeploymentBudget
{
    /// <summary>A budget of <paramref name="maximum"/> successes; 0 means no limit.</summary>
    public DeploymentBudget(long maximum)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maximum);
        Maximum = maximum;
    }

    /// <summary>The limit; 0 means none.</summary>
    public long Maximum { get; }

    /// <summary>Successes so far.</summary>
    public long Succeeded { get; private set; }

    /// <summary>True once the limit is reached; never true without a limit.</summary>
    public bool IsExhausted => Maximum > 0 && Succeeded >= Maximum;

    /// <summary>Counts <paramref name="count"/> successes (a metadata spec counts one per key and one per namespace).</summary>
    public void RecordSuccess(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Succeeded += count;
    }

    /// <inheritdoc />
    public override string ToString() => Maximum == 0 ? $"{Succeeded} (no limit)" : $"{Succeeded}/{Maximum}";
}
