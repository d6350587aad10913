namespace Overlord.Core.Labels;

/// <summary>
/// Upstream's placement rule for one node: exclusion is checked first (any of the node's labels in
/// <c>exclude</c> rules the node out), then inclusion (any of the node's labels in <c>labels</c>).
/// Nodes and specs both default to the single label <c>all</c>.
/// </summary>
public sealed class LabelMatcher
{
    /// <summary>The label every node has unless it configures others, and every spec targets by default.</summary>
    public const string All = "all";

    private readonly HashSet<string> _include;
    private readonly HashSet<string> _exclude;

    /// <summary>Creates a matcher; null lists take upstream's defaults (<c>["all"]</c> and <c>[]</c>).</summary>
    public LabelMatcher(IEnumerable<string>? include, IEnumerable<string>? exclude = null)
    {
        _include = new HashSet<string>(include ?? [All], StringComparer.Ordinal);
        _exclude = new HashSet<string>(exclude ?? [], StringComparer.Ordinal);
    }

    /// <summary>Whether a node with <paramref name="nodeLabels"/> is a target.</summary>
    public bool Matches(IEnumerable<string> nodeLabels)
    {
        var labels = nodeLabels as IReadOnlyCollection<string> ?? nodeLabels.ToList();
        return !labels.Any(_exclude.Contains) && labels.Any(_include.Contains);
    }

    /// <summary>Why a node is or is not a target, for plans and -WhatIf output.</summary>
    public string Explain(IEnumerable<string> nodeLabels)
    {
        var labels = nodeLabels.ToList();
        if (labels.FirstOrDefault(_exclude.Contains) is { } excluded)
        {
            return $"excluded by label '{excluded}'";
        }
        return labels.FirstOrDefault(_include.Contains) is { } matched
            ? $"matched by label '{matched}'"
            : $"no label in [{string.Join(", ", _include.Order(StringComparer.Ordinal))}]";
    }
}
