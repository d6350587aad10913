using System.Management.Automation;
using Overlord.Core.Specs;

namespace Overlord.PowerShell.Cmdlets;

/// <summary><c>Get-OverlordSpec</c>: reads spec files and writes each one parsed, with upstream's defaults applied.</summary>
/// <remarks>
/// The counterpart of upstream's <c>overlord print-spec</c>, but it writes the spec object rather than JSON. An
/// invalid file gives an <c>InvalidSpec</c> error listing every problem, and the next file is still read.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "OverlordSpec", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Spec))]
public sealed class GetOverlordSpecCommand : OverlordCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    /// <summary>Spec files; wildcards allowed, relative to the current location.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Spec files taken exactly as written; binds the PSPath of piped file objects.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var target in ResolveSpecFiles(literal ? LiteralPath : Path, literal))
        {
            if (target.Error is { } error)
            {
                WriteError(error);
                continue;
            }
            var result = SpecLoader.LoadFile(target.FilePath!);
            if (result.IsValid)
            {
                WriteObject(result.Spec);
            }
            else
            {
                var exception = new SpecValidationException(result.Path, result.Kind, result.Errors);
                WriteError(new ErrorRecord(exception, ErrorIds.InvalidSpec, ErrorCategory.InvalidData, result.Path));
            }
        }
    }
}
