using Overlord.Core.Yaml;

namespace Overlord.Core.Validation;

/// <summary>Collects every problem of one file so that validation reports them all at once.</summary>
internal sealed class Diagnostics
{
    private readonly List<SpecError> _errors = [];

    public Diagnostics(string file) => File = file;

    public string File { get; }

    public IReadOnlyList<SpecError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public void Add(SourceMark mark, string keyPath, string message, string? file = null) =>
        _errors.Add(new SpecError(file ?? File, mark.Line, mark.Column, keyPath, message));

    public void Add(YNode node, string keyPath, string message) => Add(node.Mark, keyPath, message);

    /// <summary>Errors in document order, then by key path, without exact repeats.</summary>
    public IReadOnlyList<SpecError> Sorted() =>
        _errors.Distinct().OrderBy(e => e.File == File ? 0 : 1).ThenBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Column).ThenBy(e => e.KeyPath, StringComparer.Ordinal).ToList();
}
