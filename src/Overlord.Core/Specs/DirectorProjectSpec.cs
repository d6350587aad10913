namespace Overlord.Core.Specs;

/// <summary><c>kind: directorProject</c>: an AppJail Director project deployed on every matching node.</summary>
public sealed record DirectorProjectSpec : Spec
{
    /// <summary>Creates the spec from the shared keys.</summary>
    public DirectorProjectSpec(SpecCommon common) : base(common) { }

    /// <inheritdoc />
    public override string Kind => SpecKinds.DirectorProject;

    /// <summary><c>projectName</c>: the Director project name on every node.</summary>
    public required string ProjectName { get; init; }

    /// <summary><c>projectFile</c>: the Director file, read by the client; null when <see cref="ProjectFromMetadata"/> is used.</summary>
    public string? ProjectFile { get; init; }

    /// <summary><c>projectFromMetadata</c>: a metadata key holding the Director file, read from each target node.</summary>
    public string? ProjectFromMetadata { get; init; }

    /// <summary><c>environment</c>: variables for every target.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary><c>labelsEnvironment</c>: variables for nodes carrying a label, applied in the node's label order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> LabelsEnvironment { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary><c>chainsEnvironment</c>: variables per chain path below a datacenter; <c>&lt;root&gt;</c> is the datacenter's own node.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ChainsEnvironment { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary><c>datacentersEnvironment</c>: variables per datacenter.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> DatacentersEnvironment { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary><c>environFromMetadata</c>: a metadata key holding a YAML map of variables; it wins over every other source.</summary>
    public string? EnvironFromMetadata { get; init; }

    /// <summary><c>autoScale</c>: when set, the node's autoscaler owns the project instead of a plain deployment.</summary>
    public AutoScaleSpec? AutoScale { get; init; }

    /// <summary><c>reserve_port</c>: interface → CIDR (or null for its first address); each reserves a free port.</summary>
    public IReadOnlyDictionary<string, string?> ReservePort { get; init; } = new Dictionary<string, string?>();
}
