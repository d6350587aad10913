using System.Globalization;

namespace Overlord.Emulators.Director;

/// <summary>A Director exception: printed as the <c>Exception:</c> block on stderr, exit 70.</summary>
internal sealed class DirectorError(string type, string error) : Exception(error)
{
    public string Type { get; } = type;
    public string Error { get; } = error;
}

/// <summary>One Director invocation's log stamp directory (<c>&lt;DLOGS&gt;/YYYY-mm-dd_HHhMMmSSs</c>, local time).</summary>
internal sealed class LogStamp(string logsDir)
{
    public string Stamp { get; } = DateTime.Now.ToString("yyyy-MM-dd_HH'h'mm'm'ss's'", CultureInfo.InvariantCulture);

    public string Dir => Path.Combine(logsDir, Stamp);

    /// <summary>Path of <c>&lt;stamp&gt;/S/step.log</c>, creating its directory.</summary>
    public string StepLog(string service, string step)
    {
        var d = Path.Combine(Dir, service);
        Directory.CreateDirectory(d);
        return Path.Combine(d, step + ".log");
    }

    /// <summary>Writes the exception block and appends a traceback-like record to exception.log.</summary>
    public void Report(TextWriter err, DirectorError e)
    {
        Directory.CreateDirectory(Dir);
        var file = Path.Combine(Dir, "exception.log");
        File.AppendAllText(file,
            $"Traceback (most recent call last):\n  File \"director\", emulated by overlord-emu\ndirector.exceptions.{e.Type}: {e.Error}\n");
        err.Write($"Exception:\n type: {e.Type}\n error: {e.Error}\n file: {file}\n");
    }
}
