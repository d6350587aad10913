namespace Overlord.PowerShell;

/// <summary>
/// The ErrorIds the cmdlets use. They are public API: scripts and tests match
/// <c>FullyQualifiedErrorId</c> (<c>&lt;ErrorId&gt;,&lt;cmdlet type&gt;</c>), so a value never changes once shipped.
/// </summary>
public static class ErrorIds
{
    /// <summary>A <c>-Path</c>/<c>-LiteralPath</c> value names no existing file (ObjectNotFound).</summary>
    public const string SpecFileNotFound = "SpecFileNotFound";

    /// <summary>A <c>-Path</c>/<c>-LiteralPath</c> value names a directory, not a spec file (InvalidArgument).</summary>
    public const string SpecPathIsDirectory = "SpecPathIsDirectory";

    /// <summary>A <c>-Path</c>/<c>-LiteralPath</c> value is on a provider other than the file system (InvalidArgument).</summary>
    public const string SpecPathNotFileSystem = "SpecPathNotFileSystem";

    /// <summary>A spec file was read but is not a valid spec; the exception lists every problem (InvalidData).</summary>
    public const string InvalidSpec = "InvalidSpec";
}
