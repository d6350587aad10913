using System.Management.Automation;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>
/// The <c>-Path</c> / <c>-LiteralPath</c> pair of the cmdlets that read spec files, as Get-Content and Test-Path
/// have it: wildcards on <c>-Path</c>, and piped file objects binding <c>-LiteralPath</c> through their PSPath.
/// </summary>
public abstract class SpecFileCmdlet : OverlordCmdlet
{
    /// <summary>The parameter set of <see cref="Path"/>, the default.</summary>
    protected const string PathSet = "Path";

    /// <summary>The parameter set of <see cref="LiteralPath"/>.</summary>
    protected const string LiteralPathSet = "LiteralPath";

    /// <summary>
    /// The spec files to read; wildcards allowed (<c>*.yml</c>; directories they match are skipped), relative to the
    /// current location. Binds strings and the Path property of piped objects.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>
    /// The spec files to read, taken exactly as written (no wildcards). Binds the PSPath of piped file objects, so
    /// Get-ChildItem output pipes in.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The files named by whichever of the two parameters was bound.</summary>
    internal IEnumerable<SpecFileTarget> SpecFiles()
    {
        var literal = ParameterSetName == LiteralPathSet;
        return ResolveSpecFiles(literal ? LiteralPath : Path, literal);
    }
}
