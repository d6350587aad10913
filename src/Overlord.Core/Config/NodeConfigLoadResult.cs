using Overlord.Core.Validation;

namespace Overlord.Core.Config;

/// <summary>What loading a node config gave: the config when valid, and every problem found.</summary>
public sealed record NodeConfigLoadResult
{
    /// <summary>The file as the caller named it (or as <see cref="NodeConfigLoader.ResolvePath"/> found it).</summary>
    public required string Path { get; init; }

    /// <summary>The effective config, only when <see cref="Errors"/> is empty.</summary>
    public NodeConfig? Config { get; init; }

    /// <summary>Every problem, in document order.</summary>
    public required IReadOnlyList<SpecError> Errors { get; init; }

    /// <summary>True when the file did not exist and did not have to, so <see cref="Config"/> holds the defaults.</summary>
    public bool Missing { get; init; }

    /// <summary>True when <see cref="Config"/> is usable.</summary>
    public bool IsValid => Errors.Count == 0 && Config is not null;
}
