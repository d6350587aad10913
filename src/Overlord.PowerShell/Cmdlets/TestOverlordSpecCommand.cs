using System.Management.Automation;
using Overlord.Core.Specs;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Checks Overlord spec files and reports every problem with file, line and column.</summary>
/// <remarks>
/// <para>
/// Reads each file as Get-OverlordSpec does and writes one <see cref="SpecTestResult"/> per file: its kind, whether
/// it is valid, and in Errors every problem found (line, column, key path and message), not just the first. An
/// invalid spec is a result, not an error; a path that names no file is a SpecFileNotFound error.
/// </para>
/// <para>
/// With -Quiet it writes one Boolean per file instead, like Test-Path: a value that names no spec file is then simply
/// $false, without an error. Upstream's CLI has no separate check: <c>overlord print-spec</c> and
/// <c>overlord apply</c> stop at the first problem.
/// </para>
/// </remarks>
/// <example title="Check every spec of a folder">
/// <code>PS> Get-ChildItem *.yml -Exclude overlord*.yml | Test-OverlordSpec
///
/// Kind             IsValid Errors Path
/// ----             ------- ------ ----
/// appConfig        True         0 /work/wt-help/examples/appconfig.yml
/// directorProject  True         0 /work/wt-help/examples/autoscale.yml
/// metadata         True         0 /work/wt-help/examples/metadata.yml
/// readOnly         True         0 /work/wt-help/examples/readonly.yml
/// vmJail           True         0 /work/wt-help/examples/vm-freebsd.yml
/// directorProject  True         0 /work/wt-help/examples/web.yml</code>
/// <para>Checks the spec files of examples/ (not the node configuration overlord.yml): all are valid.</para>
/// </example>
/// <example title="List the problems of an invalid spec">
/// <code>PS> (Test-OverlordSpec -Path bad.yml).Errors | Format-Table Line, Column, KeyPath
///
/// Line Column KeyPath
/// ---- ------ -------
///    1      1 projectFile
///    1      1 projectName
///    6     14 datacenters.main.timeout
///    9     12 deployIn.labels[0]
///   10      1 projectNam</code>
/// <para>
/// Lists where each problem of an invalid spec is; the Message of each error says what is wrong (Get-OverlordSpec's
/// third example shows the messages of this file).
/// </para>
/// </example>
/// <example title="One Boolean per file with -Quiet">
/// <code>PS> Test-OverlordSpec -Path web.yml, nope.yml -Quiet
/// True
/// False</code>
/// <para>Writes one Boolean per path; nope.yml does not exist, so it is $false without an error.</para>
/// </example>
/// <seealso cref="GetOverlordSpecCommand"/>
[Cmdlet(VerbsDiagnostic.Test, "OverlordSpec", DefaultParameterSetName = PathSet)]
[OutputType(typeof(SpecTestResult))]
[OutputType(typeof(bool))]
public sealed class TestOverlordSpecCommand : SpecFileCmdlet
{
    /// <summary>Write one Boolean per file instead of a result object; a path that names no file is $false, not an error.</summary>
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
