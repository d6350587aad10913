using Overlord.Core.Validation;

namespace Overlord.PowerShell;

/// <summary>
/// The exception behind an <c>InvalidSpec</c> error record. Its message has one <c>file:line:column: keyPath: message</c>
/// line per problem, and <see cref="Errors"/> carries the same problems as objects.
/// </summary>
public sealed class SpecValidationException : Exception
{
    /// <summary>Creates the exception for the spec file at <paramref name="path"/>.</summary>
    /// <param name="path">The spec file.</param>
    /// <param name="kind">The <c>kind</c> value when one could be read.</param>
    /// <param name="errors">Every problem found, in document order.</param>
    public SpecValidationException(string path, string? kind, IReadOnlyList<SpecError> errors)
        : base(FormatMessage(path, kind, errors))
    {
        Path = path;
        Kind = kind;
        Errors = errors;
    }

    /// <summary>The spec file.</summary>
    public string Path { get; }

    /// <summary>The <c>kind</c> value when one could be read.</summary>
    public string? Kind { get; }

    /// <summary>Every problem found, in document order.</summary>
    public IReadOnlyList<SpecError> Errors { get; }

    private static string FormatMessage(string path, string? kind, IReadOnlyList<SpecError> errors) =>
        errors.Count > 0
            ? string.Join(Environment.NewLine, errors.Select(e => e.ToString()))
            // Core reports a problem for every invalid spec; this only guards a reader that gives up silently.
            : $"{path}: the file could not be read as a spec{(kind is null ? "" : $" of kind '{kind}'")}.";
}
