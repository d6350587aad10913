namespace Overlord.Service.Jails.Tools;

/// <summary>Base of every failure a driver reports about an external tool.</summary>
public class ToolException : Exception
{
    /// <summary>Creates the exception for <paramref name="command"/>.</summary>
    public ToolException(ToolCommand command, string message, Exception? inner = null)
        : base(message, inner) => Command = command;

    /// <summary>The invocation that failed.</summary>
    public ToolCommand Command { get; }
}

/// <summary>The executable does not exist or cannot be started (upstream exits 69 in that case).</summary>
public sealed class ToolNotFoundException(ToolCommand command, Exception? inner = null)
    : ToolException(command, $"{command.FileName}: cannot run the tool: {inner?.Message ?? "not found"}", inner);

/// <summary>The tool ran past its time limit; its process tree has been stopped.</summary>
public sealed class ToolTimeoutException(ToolCommand command, TimeSpan limit)
    : ToolException(command, $"{command}: still running after {limit.TotalSeconds:0.###} s; stopped")
{
    /// <summary>The limit that was exceeded.</summary>
    public TimeSpan Limit { get; } = limit;
}

/// <summary>The tool exited with a code the driver does not expect for this call.</summary>
public sealed class ToolFailedException(ToolCommand command, ToolResult result, string? detail = null)
    : ToolException(command, $"{command}: exit code {result.ExitCode}{(detail ?? FirstLine(result.StandardError)) switch { null or "" => "", var d => ": " + d }}")
{
    /// <summary>The finished run.</summary>
    public ToolResult Result { get; } = result;

    private static string? FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
}

/// <summary>The tool exited normally but its output cannot be parsed (empty, truncated or garbage).</summary>
public sealed class ToolOutputException(ToolCommand command, ToolResult result, string problem)
    : ToolException(command, $"{command}: unexpected output: {problem}")
{
    /// <summary>The finished run.</summary>
    public ToolResult Result { get; } = result;
}
