using Overlord.Core.Validation;

namespace Overlord.Core.Specs;

/// <summary>What loading one spec file gave: the spec when valid, and every problem found.</summary>
public sealed record SpecLoadResult
{
    /// <summary>The file as the caller named it.</summary>
    public required string Path { get; init; }

    /// <summary>The <c>kind</c> value when one could be read, even if the spec is invalid.</summary>
    public string? Kind { get; init; }

    /// <summary>The spec, only when <see cref="Errors"/> is empty.</summary>
    public Spec? Spec { get; init; }

    /// <summary>Every problem, in document order.</summary>
    public required IReadOnlyList<SpecError> Errors { get; init; }

    /// <summary>True when the file is a usable spec.</summary>
    public bool IsValid => Errors.Count == 0 && Spec is not null;
}
