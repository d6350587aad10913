namespace Overlord.Service.Jails.Tools;

/// <summary>
/// Runs one external tool to completion: both streams read concurrently, the clock starts at spawn, and on
/// timeout or cancellation the whole process tree is stopped (SIGTERM, then SIGKILL after a grace period).
/// The only place in the node that starts processes.
/// </summary>
public interface IToolRunner
{
    /// <summary>
    /// Runs <paramref name="command"/>. A non-zero exit code is a normal result, not an exception; the drivers map
    /// codes to meaning. Throws <see cref="ToolNotFoundException"/> when the executable cannot be started,
    /// <see cref="ToolTimeoutException"/> when <see cref="ToolCommand.Timeout"/> passed, and
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fired (the tree is stopped
    /// in both cases before the call returns).
    /// </summary>
    Task<ToolResult> RunAsync(ToolCommand command, CancellationToken cancellationToken);
}

/// <summary>One tool invocation, exactly as it will be exec'd (no shell).</summary>
/// <param name="FileName">Executable path or bare name (resolved on PATH).</param>
/// <param name="Arguments">argv after the program name.</param>
/// <param name="Environment">Variables added to (or, with a null value, removed from) the node's own environment.</param>
/// <param name="Timeout">Wall-clock limit from spawn; null = none (config <c>execution_time: null</c>).</param>
public sealed record ToolCommand(
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string?>? Environment = null,
    TimeSpan? Timeout = null)
{
    /// <summary>The command as a log-friendly line (arguments quoted when they contain blanks).</summary>
    public override string ToString() =>
        string.Join(' ', new[] { FileName }.Concat(Arguments).Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? "'" + a + "'" : a));
}

/// <summary>What a finished tool run produced.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="StandardOutput">All of stdout, decoded as UTF-8.</param>
/// <param name="StandardError">All of stderr, decoded as UTF-8.</param>
/// <param name="Duration">Spawn to exit.</param>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration);
