namespace Overlord.Core.Validation;

/// <summary>One problem found in a spec or config file.</summary>
/// <param name="File">The file as the user named it (or a label such as <c>&lt;stdin&gt;</c>).</param>
/// <param name="Line">1-based line of the offending node.</param>
/// <param name="Column">1-based column of the offending node.</param>
/// <param name="KeyPath">Where in the document, e.g. <c>autoScale.replicas.min</c> or <c>deployIn.labels[1]</c>; empty for the whole file.</param>
/// <param name="Message">A plain sentence saying what is wrong and, where it helps, what is expected.</param>
public sealed record SpecError(string File, int Line, int Column, string KeyPath, string Message)
{
    /// <summary><c>file:line:column: keyPath: message</c>, the shape compilers use so editors can jump to it.</summary>
    public override string ToString() =>
        KeyPath.Length == 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}:{Line}:{Column}: {KeyPath}: {Message}";
}
