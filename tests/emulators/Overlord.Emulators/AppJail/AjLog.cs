using System.Diagnostics;
using Overlord.Emulators.Cli;

namespace Overlord.Emulators.AppJail;

/// <summary>
/// AppJail's diagnostics: <c>[HH:MM:SS] [ level ] msg</c> on stderr, the stamp being time since start. With colours
/// (ENABLE_COLORS unset or not 0, as AppJail's default) stamp and level are wrapped in the level colour.
/// </summary>
internal static class AjLog
{
    private static readonly long Started = Stopwatch.GetTimestamp();

    public static void Error(ToolContext ctx, string message, string? jail = null) => Write(ctx, "error", "31", message, jail);
    public static void Warn(ToolContext ctx, string message, string? jail = null) => Write(ctx, "warn ", "93", message, jail);
    public static void Info(ToolContext ctx, string message, string? jail = null) => Write(ctx, "info ", "94", message, jail);
    /// <summary>Debug lines follow ENABLE_DEBUG (AppJail's default is on).</summary>
    public static void Debug(ToolContext ctx, string message, string? jail = null)
    {
        if (ctx.GetEnv("ENABLE_DEBUG") is not "0")
        {
            Write(ctx, "debug", "90", message, jail);
        }
    }

    public static bool Colors(ToolContext ctx) => ctx.Faults.Has("colors") || ctx.GetEnv("ENABLE_COLORS") is not "0";

    private static void Write(ToolContext ctx, string level, string color, string message, string? jail)
    {
        var e = Stopwatch.GetElapsedTime(Started);
        var stamp = $"[{(int)e.TotalHours:00}:{e.Minutes:00}:{e.Seconds:00}] [ {level} ]";
        string line;
        if (Colors(ctx))
        {
            var tag = jail is null ? "" : $" \e[0;{color}m[{jail}]\e[0;39;49m";
            line = $"\e[0;{color}m{stamp}\e[0;39;49m{tag} {message}";
        }
        else
        {
            line = jail is null ? $"{stamp} {message}" : $"{stamp} [{jail}] {message}";
        }
        ctx.Err.Write(line + "\n");
    }

    /// <summary>Writes an error and ends the command.</summary>
    public static ToolExitException Fail(ToolContext ctx, int code, string message, string? jail = null)
    {
        Error(ctx, message, jail);
        return new ToolExitException(code);
    }
}
