using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Overlord.Core.Config;
using Overlord.Service.Jails.Tools;

namespace Overlord.Service.Jails;

/// <summary><see cref="IDirector"/> over the real <c>appjail-director</c> (contract D1–D7).</summary>
public sealed partial class DirectorDriver(NodeConfig config, IToolRunner runner) : IDirector
{
    /// <summary>Limit for ls, describe, check and cancel (<c>tools.read_timeout</c>), so a hung Director never wedges a poller.</summary>
    private TimeSpan ReadTimeout => TimeSpan.FromSeconds(config.Tools.ReadTimeout);

    private const string NoProjects = "No project has been created.";

    private static readonly Dictionary<char, string> States = new()
    {
        ['+'] = "DONE",
        ['-'] = "FAILED",
        ['!'] = "UNFINISHED",
        ['x'] = "DESTROYING",
    };

    /// <summary>One <c>ls</c> line: blank, state symbol, blank, name.</summary>
    [GeneratedRegex(@"^ (.) (.+)$")]
    private static partial Regex ListLine();

    /// <inheritdoc/>
    /// <remarks>
    /// Run directly, not through upstream's <c>ls | tail | cut</c> pipeline, whose exit code is <c>cut</c>'s: a
    /// failing Director read as "no projects". States use <c>describe</c>'s upper-case names.
    /// </remarks>
    public async Task<IReadOnlyList<DirectorProjectEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var command = Command(["ls"], ReadTimeout);
        var result = await RequireSuccessAsync(command, cancellationToken).ConfigureAwait(false);
        var lines = result.StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count == 0)
        {
            throw new ToolOutputException(command, result, "empty output");
        }
        if (lines is [NoProjects])
        {
            return [];
        }
        if (lines[0] != "Projects:")
        {
            throw new ToolOutputException(command, result, $"expected 'Projects:' first, got '{lines[0]}'");
        }
        var projects = new List<DirectorProjectEntry>(lines.Count - 1);
        foreach (var line in lines.Skip(1))
        {
            var match = ListLine().Match(line);
            if (!match.Success || !States.TryGetValue(match.Groups[1].Value[0], out var state))
            {
                throw new ToolOutputException(command, result, $"'{line}' is not a ' <symbol> <project>' line");
            }
            projects.Add(new DirectorProjectEntry(match.Groups[2].Value, state));
        }
        return projects;
    }

    /// <inheritdoc/>
    public async Task<DirectorDescription?> DescribeAsync(string project, CancellationToken cancellationToken)
    {
        var command = Command(["describe", "-p", ToolArguments.Project(project)], ReadTimeout);
        var result = await runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 66)
        {
            return null;
        }
        if (result.ExitCode != 0)
        {
            throw new ToolFailedException(command, result);
        }
        if (result.StandardOutput.Trim().Length == 0)
        {
            throw new ToolOutputException(command, result, "empty output");
        }
        DirectorDescription? description;
        try
        {
            description = JsonSerializer.Deserialize(result.StandardOutput, DirectorJsonContext.Default.DirectorDescription);
        }
        catch (JsonException e)
        {
            throw new ToolOutputException(command, result, $"not the JSON of describe: {e.Message}");
        }
        if (description is null || description.Name.Length == 0 || description.State.Length == 0)
        {
            throw new ToolOutputException(command, result, "describe gave no project name or state");
        }
        return description;
    }

    /// <inheritdoc/>
    public async Task<bool> ExistsAsync(string project, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(Command(["check", "-p", ToolArguments.Project(project)], ReadTimeout), cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The file is private (0600) and uniquely named in the system temp directory (honouring <c>TMPDIR</c>), as
    /// upstream's; Director runs from that directory, so relative paths in the project resolve there.
    /// </remarks>
    public async Task<DirectorRun> UpAsync(string project, string directorFile, IReadOnlyDictionary<string, string> environment, bool overwrite, CancellationToken cancellationToken)
    {
        ToolArguments.Project(project);
        var file = WriteTempFile(directorFile);
        try
        {
            string[] arguments = overwrite
                ? ["up", "-j", "-f", file, "-p", project, "--overwrite"]
                : ["up", "-j", "-f", file, "-p", project];
            return await RunJobAsync(Command(arguments, JobTimeout, environment), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <inheritdoc/>
    public Task<DirectorRun> DownAsync(string project, IReadOnlyDictionary<string, string> environment, bool destroy, bool ignoreFailed, CancellationToken cancellationToken)
    {
        ToolArguments.Project(project);
        List<string> arguments = ["down", "-j"];
        if (destroy)
        {
            arguments.Add("-d");
        }
        if (ignoreFailed)
        {
            arguments.Add("--ignore-failed");
        }
        arguments.AddRange(["-p", project]);
        return RunJobAsync(Command(arguments, JobTimeout, environment), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<bool> CancelAsync(string project, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(Command(["cancel", "-p", ToolArguments.Project(project)], ReadTimeout), cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0;
    }

    /// <summary><c>execution_time</c>; null means no limit.</summary>
    private TimeSpan? JobTimeout => config.ExecutionTime is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    /// <summary>
    /// A job's run is recorded whatever stdout holds: a missing or broken report becomes
    /// <see cref="DirectorRun.OutputProblem"/> (upstream's job runner crashes there and leaves the job RUNNING).
    /// </summary>
    private async Task<DirectorRun> RunJobAsync(ToolCommand command, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        var (report, problem) = DirectorReportParser.Parse(result.StandardOutput);
        return new DirectorRun(result.ExitCode, report, result.StandardError, problem);
    }

    private async Task<ToolResult> RequireSuccessAsync(ToolCommand command, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 ? result : throw new ToolFailedException(command, result);
    }

    private ToolCommand Command(IReadOnlyList<string> arguments, TimeSpan? timeout, IReadOnlyDictionary<string, string>? environment = null) =>
        new(config.Tools.Director, arguments, environment?.ToDictionary(e => e.Key, e => (string?)e.Value, StringComparer.Ordinal), timeout);

    private static string WriteTempFile(string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created private, never chmod'ed afterwards: the project file may hold secrets.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        var path = Path.Combine(Path.GetTempPath(), "overlord-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + ".yml");
        using (var stream = new FileStream(path, options))
        {
            stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
        }
        return path;
    }
}
