using Overlord.Core.Specs;
using Overlord.Core.Validation;

namespace Overlord.PowerShell;

/// <summary>What <c>Test-OverlordSpec</c> found in one file.</summary>
public sealed record SpecTestResult
{
    /// <summary>The file, as a file-system path.</summary>
    public required string Path { get; init; }

    /// <summary>The <c>kind</c> value when one could be read, even if the spec is invalid.</summary>
    public string? Kind { get; init; }

    /// <summary>True when the file is a usable spec.</summary>
    public bool IsValid { get; init; }

    /// <summary>Every problem found, in document order; empty when <see cref="IsValid"/>.</summary>
    public required SpecError[] Errors { get; init; }

    internal static SpecTestResult From(SpecLoadResult result) => new()
    {
        Path = result.Path,
        Kind = result.Kind,
        IsValid = result.IsValid,
        Errors = [.. result.Errors],
    };
}
