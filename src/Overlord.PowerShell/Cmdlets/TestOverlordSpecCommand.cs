using System.Management.Automation;
using Overlord.Core.Specs;

namespace Overlord.PowerShell.Cmdlets;

/// <summary><c>Test-OverlordSpec</c>: checks spec files and reports every problem with file, line and column.</summary>
/// <remarks>
/// Writes one <see cref="SpecTestResult"/> per file. With <c>-Quiet</c> it writes one Boolean per file instead, like
/// <c>Test-Path</c>: a value that names no spec file is then simply <c>$false</c>, without an error.
/// </remarks>
[Cmdlet(VerbsDiagnostic.Test, "OverlordSpec", DefaultParameterSetName = PathSet)]
[OutputType(typeof(SpecTestResult))]
[OutputType(typeof(bool))]
public sealed class TestOverlordSpecCommand : OverlordCmdlet
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

    /// <summary>Write one Boolean per file instead of a result object.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var target in ResolveSpecFiles(literal ? LiteralPath : Path, literal))
        {
            if (target.Error is { } error)
            {
                if (Quiet)
                {
                    WriteObject(false);
                }
                else
                {
                    WriteError(error);
                }
                continue;
            }
            var result = SpecLoader.LoadFile(target.FilePath!);
            WriteObject(Quiet ? result.IsValid : SpecTestResult.From(result));
        }
    }
}
