using Overlord.Core.Chains;

namespace Overlord.Core.Specs;

/// <summary>The five spec kinds upstream knows, spelled as in the <c>kind</c> key.</summary>
public static class SpecKinds
{
    /// <summary>An AppJail Director project.</summary>
    public const string DirectorProject = "directorProject";
    /// <summary>Metadata keys and an optional namespace.</summary>
    public const string Metadata = "metadata";
    /// <summary>A bhyve VM inside a jail.</summary>
    public const string VmJail = "vmJail";
    /// <summary>A template kept in metadata, rendered into a directorProject or vmJail spec.</summary>
    public const string AppConfig = "appConfig";
    /// <summary>Only datacenters and placement, for reading information.</summary>
    public const string ReadOnly = "readOnly";

    /// <summary>All kinds in upstream's order.</summary>
    public static IReadOnlyList<string> All { get; } = [DirectorProject, Metadata, VmJail, AppConfig, ReadOnly];
}

/// <summary>A parsed, validated and defaulted deployment spec. The subclass says which kind.</summary>
public abstract record Spec
{
    /// <summary>Creates a spec from the keys every kind shares.</summary>
    protected Spec(SpecCommon common)
    {
        Path = common.Path;
        Datacenters = common.Datacenters;
        DeployIn = common.DeployIn;
        MaximumDeployments = common.MaximumDeployments;
    }

    /// <summary>The value of <c>kind</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>The file the spec came from, as given by the caller.</summary>
    public string Path { get; init; }

    /// <summary>Datacenters by name: the node each one's chain tree starts at and how to reach it.</summary>
    public IReadOnlyDictionary<string, DatacenterSpec> Datacenters { get; init; }

    /// <summary>Where to deploy.</summary>
    public DeployIn DeployIn { get; init; }

    /// <summary>Stop after this many successful deployments; 0 means no limit.</summary>
    public long MaximumDeployments { get; init; }
}

/// <summary>One entry of <c>datacenters</c>. Timeouts are seconds; a negative timeout means none.</summary>
public sealed record DatacenterSpec
{
    /// <summary>Base URL of the datacenter's node, e.g. <c>http://10.0.0.1:8888</c>.</summary>
    public string? Entrypoint { get; init; }
    /// <summary>Token sent as <c>Authentication: Bearer</c>.</summary>
    public string? AccessToken { get; init; }
    /// <summary>Overall timeout; 0 leaves only the specific ones.</summary>
    public long Timeout { get; init; }
    /// <summary>Read timeout.</summary>
    public long ReadTimeout { get; init; } = 120;
    /// <summary>Write timeout.</summary>
    public long WriteTimeout { get; init; } = 120;
    /// <summary>Connect timeout.</summary>
    public long ConnectTimeout { get; init; } = 10;
    /// <summary>Time to wait for a pooled connection.</summary>
    public long PoolTimeout { get; init; } = 60;
    /// <summary>Idle connections kept.</summary>
    public long MaxKeepaliveConnections { get; init; } = 1000;
    /// <summary>Connections at most.</summary>
    public long MaxConnections { get; init; } = 1024;
    /// <summary>Seconds an idle connection is kept.</summary>
    public long KeepaliveExpiry { get; init; } = 60;
    /// <summary>CA bundle that verifies the node's TLS certificate.</summary>
    public string? CaCert { get; init; }
}

/// <summary>The <c>deployIn</c> block with upstream's defaults applied.</summary>
public sealed record DeployIn
{
    /// <summary>Where the chain walks start; defaults to every datacenter's root.</summary>
    public required IReadOnlyList<Entrypoint> Entrypoints { get; init; }
    /// <summary>A node is a target when it has any of these labels; defaults to <c>all</c>.</summary>
    public required IReadOnlyList<string> Labels { get; init; }
    /// <summary>A node with any of these labels is never a target.</summary>
    public required IReadOnlyList<string> Exclude { get; init; }

    /// <summary>A one-line summary for tables and lists.</summary>
    public override string ToString()
    {
        var text = $"entrypoints: {string.Join(", ", Entrypoints)}; labels: {string.Join(", ", Labels)}";
        return Exclude.Count == 0 ? text : $"{text}; exclude: {string.Join(", ", Exclude)}";
    }
}

/// <summary>The keys every kind shares, read before the kind-specific ones.</summary>
/// <param name="Path">The file the spec came from.</param>
/// <param name="Datacenters">Datacenters by name.</param>
/// <param name="DeployIn">Placement.</param>
/// <param name="MaximumDeployments">0 = no limit.</param>
public sealed record SpecCommon(string Path, IReadOnlyDictionary<string, DatacenterSpec> Datacenters, DeployIn DeployIn, long MaximumDeployments);
