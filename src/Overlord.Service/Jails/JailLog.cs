namespace Overlord.Service.Jails;

/// <summary>
/// Log events of the tool runner and the jail drivers (event ids 2000–2099). Commands are logged as argv only:
/// never the environment, which carries user secrets and metadata.
/// </summary>
internal static partial class JailLog
{
    [LoggerMessage(2000, LogLevel.Debug, "Running {Command}")]
    public static partial void ToolStarting(ILogger logger, string command);

    [LoggerMessage(2001, LogLevel.Debug, "{Command} exited with {ExitCode} after {DurationMs} ms")]
    public static partial void ToolExited(ILogger logger, string command, int exitCode, long durationMs);

    [LoggerMessage(2002, LogLevel.Warning, "{Command} is still running after {LimitSeconds} s; stopping its process tree")]
    public static partial void ToolTimedOut(ILogger logger, string command, double limitSeconds);

    [LoggerMessage(2003, LogLevel.Debug, "{Command} was cancelled after {DurationMs} ms; stopping its process tree")]
    public static partial void ToolCancelled(ILogger logger, string command, long durationMs);

    [LoggerMessage(2004, LogLevel.Warning, "{Command}: processes of the tree outlived SIGTERM by {GraceSeconds} s; sending SIGKILL")]
    public static partial void ToolKilled(ILogger logger, string command, double graceSeconds);

    [LoggerMessage(2005, LogLevel.Debug, "{Command}: a descendant still holds the output pipes open after the exit; returning what was read")]
    public static partial void ToolPipesLeftOpen(ILogger logger, string command);

    [LoggerMessage(2006, LogLevel.Warning, "{Command}: output beyond {LimitBytes} bytes was dropped")]
    public static partial void ToolOutputTruncated(ILogger logger, string command, int limitBytes);

    [LoggerMessage(2010, LogLevel.Warning, "{Path}: skipped, it leads outside the jail's conf directory")]
    public static partial void ConfEntryEscapes(ILogger logger, string path);

    [LoggerMessage(2011, LogLevel.Debug, "{Path}: skipped, not a numeric id")]
    public static partial void ConfEntryNotNumeric(ILogger logger, string path);

    [LoggerMessage(2012, LogLevel.Warning, "{Path}: cannot be read ({Error})")]
    public static partial void ConfFileUnreadable(ILogger logger, string path, string error);
}
