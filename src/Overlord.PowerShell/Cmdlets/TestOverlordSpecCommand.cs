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
public sealed class TestOverlordSpecCommand : SpecFileCmdlet
{
    /// <summary>Write one Boolean per file instead of a result object.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var target in SpecFiles())
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
