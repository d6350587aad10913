using System.Text.Json.Serialization;

namespace Overlord.Service.Jails;

/// <summary>Director (<c>appjail-director</c>) as the node uses it: commands D1–D7 of the contract.</summary>
public interface IDirector
{
    /// <summary><c>appjail-director ls</c>, run directly (no shell pipeline), exit 0 required.</summary>
    Task<IReadOnlyList<DirectorProjectEntry>> ListAsync(CancellationToken cancellationToken);

    /// <summary><c>appjail-director describe -p P</c>; null when the project does not exist (exit 66).</summary>
    Task<DirectorDescription?> DescribeAsync(string project, CancellationToken cancellationToken);

    /// <summary><c>appjail-director check -p P</c> exits 0.</summary>
    Task<bool> ExistsAsync(string project, CancellationToken cancellationToken);

    /// <summary>
    /// <c>appjail-director up -j -f FILE -p P [--overwrite]</c> with <paramref name="environment"/> added to the node's
    /// environment. <paramref name="directorFile"/> is the YAML text; the driver writes it to a private temp file and
    /// deletes it afterwards. Limited by <c>execution_time</c>.
    /// </summary>
    Task<DirectorRun> UpAsync(string project, string directorFile, IReadOnlyDictionary<string, string> environment, bool overwrite, CancellationToken cancellationToken);

    /// <summary><c>appjail-director down -j [-d] [--ignore-failed] -p P</c>, limited by <c>execution_time</c>.</summary>
    Task<DirectorRun> DownAsync(string project, IReadOnlyDictionary<string, string> environment, bool destroy, bool ignoreFailed, CancellationToken cancellationToken);

    /// <summary><c>appjail-director cancel -p P</c>; true when it exited 0.</summary>
    Task<bool> CancelAsync(string project, CancellationToken cancellationToken);
}

/// <summary>One line of <c>appjail-director ls</c>.</summary>
/// <param name="Name">The project name.</param>
/// <param name="State">From the line's symbol, in <c>describe</c>'s spelling: <c>+</c> DONE, <c>-</c> FAILED, <c>!</c> UNFINISHED, <c>x</c> DESTROYING.</param>
public sealed record DirectorProjectEntry(string Name, string State);

/// <summary>The JSON of <c>appjail-director describe</c>, as Director writes it.</summary>
/// <param name="Name">Project name.</param>
/// <param name="State">DONE, FAILED, UNFINISHED or DESTROYING.</param>
/// <param name="LastLog">Absolute log directory of the last run that did work, or null.</param>
/// <param name="Locked">Whether the project's lock file exists.</param>
/// <param name="Services">Services of the stored project file (Director's order is unspecified).</param>
public sealed record DirectorDescription(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("last_log")] string? LastLog,
    [property: JsonPropertyName("locked")] bool Locked,
    [property: JsonPropertyName("services")] IReadOnlyList<DirectorService> Services);

/// <summary>One service in <see cref="DirectorDescription"/>.</summary>
/// <param name="Name">Service name.</param>
/// <param name="Status">Raw <c>appjail status -q</c> code: 0 running, 1 stopped, 66 absent.</param>
/// <param name="Jail">The jail that runs it.</param>
public sealed record DirectorService(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("jail")] string Jail);

/// <summary>The result of <c>up -j</c> / <c>down -j</c>: exit code, the parsed JSON (null when it was missing or broken), raw stderr.</summary>
/// <param name="ExitCode">Director's exit code.</param>
/// <param name="Report">The final JSON, or null with <paramref name="OutputProblem"/> saying why.</param>
/// <param name="StandardError">Raw stderr (Director's exception block, if any).</param>
/// <param name="OutputProblem">Why stdout could not be read as the JSON report; null when it could.</param>
public sealed record DirectorRun(int ExitCode, DirectorReport? Report, string StandardError, string? OutputProblem);

/// <summary>Director's <c>{"errlevel", "message", "failed"}</c>.</summary>
/// <param name="ErrLevel">Director's errlevel (null after a child timeout).</param>
/// <param name="Message">Set for a missing file or project.</param>
/// <param name="Failed">Failed steps.</param>
public sealed record DirectorReport(
    [property: JsonPropertyName("errlevel")] int? ErrLevel,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("failed")] IReadOnlyList<DirectorFailure> Failed);

/// <summary>One entry of <see cref="DirectorReport.Failed"/>.</summary>
/// <param name="Type">The step: stop, destroy, makejail, enable-start, oci-*, scripts, start, runtime-makejail.</param>
/// <param name="Service">The service it failed for.</param>
public sealed record DirectorFailure(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("service")] string Service);
