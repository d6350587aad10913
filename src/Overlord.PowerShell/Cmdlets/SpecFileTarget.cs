using System.Management.Automation;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>One file that a <c>-Path</c> or <c>-LiteralPath</c> value stands for, or the error saying why there is none.</summary>
/// <param name="FilePath">The file-system path of an existing file; null when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why the value names no spec file; the cmdlet decides whether to write it.</param>
internal readonly record struct SpecFileTarget(string? FilePath, ErrorRecord? Error);
