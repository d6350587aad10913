using System.Management.Automation;
using Overlord.Core.Specs;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Reads Overlord spec files and writes each one parsed, with upstream's defaults filled in.</summary>
/// <remarks>
/// <para>
/// The counterpart of upstream's <c>overlord print-spec</c>, but it writes a typed spec object (DirectorProjectSpec,
/// MetadataSpec, VmJailSpec, AppConfigSpec, ReadOnlySpec, by the file's kind) rather than JSON. Files are read as
/// upstream reads them: <c>!ENV</c> and <c>${NAME}</c> are replaced from the environment, relative paths resolve
/// against the spec's folder, and every default is set.
/// </para>
/// <para>
/// An invalid file gives one InvalidSpec error (InvalidData, target = the path) whose message lists every problem
/// with file, line and column, and the next file is still read. A path that names no file is SpecFileNotFound, a
/// directory SpecPathIsDirectory. Test-OverlordSpec checks files without throwing on problems.
/// </para>
/// </remarks>
/// <example title="Read a project spec">
/// <code>PS> Get-OverlordSpec -Path web.yml | Format-List Kind, ProjectName, ProjectFile, DeployIn, Environment
///
/// Kind        : directorProject
/// ProjectName : web
/// ProjectFile : /work/wt-help/examples/director/web.yml
/// DeployIn    : entrypoints: main; labels: web; exclude: maintenance
/// Environment : {[NGINX_WORKERS, 2]}</code>
/// <para>Reads examples/web.yml and shows some of its fields; the project file is resolved against the spec's folder.</para>
/// </example>
/// <example title="Read every spec of a folder">
/// <code>PS> Get-ChildItem *.yml -Exclude overlord*.yml | Get-OverlordSpec | Format-Table Kind, Path
///
/// Kind            Path
/// ----            ----
/// appConfig       /work/wt-help/examples/appconfig.yml
/// directorProject /work/wt-help/examples/autoscale.yml
/// metadata        /work/wt-help/examples/metadata.yml
/// readOnly        /work/wt-help/examples/readonly.yml
/// vmJail          /work/wt-help/examples/vm-freebsd.yml
/// directorProject /work/wt-help/examples/web.yml</code>
/// <para>Pipes the spec files of examples/ (not the node configuration overlord.yml) and lists their kinds.</para>
/// </example>
/// <example title="An invalid spec">
/// <code>PS> try { Get-OverlordSpec -Path bad.yml -ErrorAction Stop } catch { $_.Exception.Message }
/// /tmp/helpspec/bad.yml:1:1: projectFile: give either 'projectFile' or 'projectFromMetadata'; neither is set.
/// /tmp/helpspec/bad.yml:1:1: projectName: the required key 'projectName' is missing.
/// /tmp/helpspec/bad.yml:6:14: datacenters.main.timeout: expected an integer, got a string ('soon').
/// /tmp/helpspec/bad.yml:9:12: deployIn.labels[0]: 'Web' is not valid: labels are lower-case letters and digits, starting with a letter, with single '.' or '-' between words.
/// /tmp/helpspec/bad.yml:10:1: projectNam: unknown key 'projectNam'; did you mean 'projectName'?</code>
/// <para>An invalid spec is one InvalidSpec error whose message lists every problem with file, line and column.</para>
/// </example>
/// <seealso cref="TestOverlordSpecCommand"/>
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
