namespace Overlord.Core.Specs;

/// <summary>The scale types upstream knows, spelled as in <c>autoScale.type</c>.</summary>
public static class ScaleTypes
{
    /// <summary>Scale up when any jail reaches a limit.</summary>
    public const string AnyJail = "any-jail";
    /// <summary>Scale up when the sum over the project's jails reaches a limit.</summary>
    public const string AnyProject = "any-project";
    /// <summary>Scale up when the average per service reaches a limit.</summary>
    public const string Average = "average";
    /// <summary>Scale up when a jail reaches <c>value</c> percent of a limit.</summary>
    public const string PercentJail = "percent-jail";
    /// <summary>Scale up when the project reaches <c>value</c> percent of a limit.</summary>
    public const string PercentProject = "percent-project";

    /// <summary>All types.</summary>
    public static IReadOnlyList<string> All { get; } = [AnyJail, AnyProject, Average, PercentJail, PercentProject];
}

/// <summary>The rctl resources autoScale rules and economy may name.</summary>
public static class ScaleResources
{
    /// <summary>Resources measured in bytes: a number or a human size such as <c>512m</c> (binary units).</summary>
    public static IReadOnlyList<string> Sizes { get; } =
        ["datasize", "stacksize", "coredumpsize", "memoryuse", "memorylocked", "vmemoryuse", "swapuse", "shmsize", "readbps", "writebps"];

    /// <summary>Resources that are plain counts.</summary>
    public static IReadOnlyList<string> Counts { get; } =
        ["cputime", "maxproc", "openfiles", "pseudoterminals", "nthr", "msgqqueued", "nmsgq", "nsem", "nsemop", "nshm", "wallclock", "pcpu", "readiops", "writeiops"];
}

/// <summary><c>autoScale</c> of a directorProject spec, with defaults applied and sizes converted to bytes.</summary>
public sealed record AutoScaleSpec
{
    /// <summary><c>replicas.min</c>, default 1.</summary>
    public long MinReplicas { get; init; } = 1;

    /// <summary><c>replicas.max</c>; null means the number of matching nodes.</summary>
    public long? MaxReplicas { get; init; }

    /// <summary><c>type</c>, one of <see cref="ScaleTypes"/>; default <c>any-jail</c>.</summary>
    public string Type { get; init; } = ScaleTypes.AnyJail;

    /// <summary><c>value</c>: the percentage for the percent-* types.</summary>
    public long? Value { get; init; }

    /// <summary><c>rules</c>: resource → limit that asks for more replicas.</summary>
    public IReadOnlyDictionary<string, long> Rules { get; init; } = new Dictionary<string, long>();

    /// <summary><c>economy</c>: resource → limit on a node's totals beyond which it is not used.</summary>
    public IReadOnlyDictionary<string, long> Economy { get; init; } = new Dictionary<string, long>();

    /// <summary><c>labels</c>: nodes considered (no exclude list); default <c>all</c>.</summary>
    public IReadOnlyList<string> Labels { get; init; } = ["all"];

    /// <summary><c>metadata</c>: keys copied to a node before deploying there.</summary>
    public IReadOnlyList<string> Metadata { get; init; } = [];

    /// <summary><c>load-balancer.frontend</c>.</summary>
    public LoadBalancerTest? Frontend { get; init; }

    /// <summary><c>load-balancer.backend</c>.</summary>
    public LoadBalancerTest? Backend { get; init; }
}

/// <summary>A HAProxy frontend or backend whose stats decide scaling.</summary>
public sealed record LoadBalancerTest
{
    /// <summary><c>name</c>: the proxy name in HAProxy's stats.</summary>
    public required string Name { get; init; }

    /// <summary><c>rules.or</c>: passes when empty or any rule passes; null when absent.</summary>
    public IReadOnlyDictionary<string, LoadBalancerRule>? Or { get; init; }

    /// <summary><c>rules.and</c>: passes when every rule passes; null when absent.</summary>
    public IReadOnlyDictionary<string, LoadBalancerRule>? And { get; init; }
}

/// <summary>One metric rule. Exactly one of the value forms is set, or none for a null rule (always passes).</summary>
public sealed record LoadBalancerRule
{
    /// <summary>A number: the metric fails at or above it.</summary>
    public long? Limit { get; init; }

    /// <summary>A string: the metric passes only when equal.</summary>
    public string? Text { get; init; }

    /// <summary>A <c>[lo, hi]</c> range: the metric fails inside it.</summary>
    public long[]? Range { get; init; }

    /// <summary><c>each</c>: the metric is taken modulo this first.</summary>
    public long? Each { get; init; }
}
