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
public sealed class GetOverlordSpecCommand : SpecFileCmdlet
{
    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var target in SpecFiles())
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
