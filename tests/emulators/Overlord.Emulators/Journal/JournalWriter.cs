using System.Globalization;
using System.Text;
using System.Text.Json;
using Overlord.Emulators.Cli;
using Overlord.Emulators.Director;
using Overlord.Emulators.Hosting;

namespace Overlord.Emulators.Journal;

/// <summary>Appends journal lines: one write per line under a lock, so concurrent emulators never interleave.</summary>
internal static class JournalWriter
{
    public static void Append(HostLayout host, JournalEntry entry)
    {
        var bytes = Serialize(entry);
        try
        {
            using var _ = HostLock.Acquire(host.JournalLockFile);
            using var fs = new FileStream(host.JournalFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            fs.Write(bytes);
        }
        catch (DirectoryNotFoundException)
        {
            // The host was deleted under us (a test cleaning up while a hung emulator dies): nothing to record.
        }
    }

    /// <summary>
    /// One JSON line built by hand: loading System.Text.Json's writer/serializer (and its encoder tables) costs
    /// 15–40 ms, paid on every one of the thousands of calls a benchmark makes. Names match
    /// <see cref="EmuJsonContext"/>'s camelCase so <see cref="Read"/> can use the source-generated reader.
    /// </summary>
    private static byte[] Serialize(JournalEntry e)
    {
        var sb = new StringBuilder(512);
        sb.Append("{\"time\":");
        Str(sb, e.Time);
        sb.Append(",\"pid\":").Append(e.Pid.ToString(CultureInfo.InvariantCulture)).Append(",\"tool\":");
        Str(sb, e.Tool);
        sb.Append(",\"argv\":[");
        for (var i = 0; i < e.Argv.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            Str(sb, e.Argv[i]);
        }
        sb.Append("],\"env\":{");
        var first = true;
        foreach (var (k, v) in e.Env)
        {
            if (!first)
            {
                sb.Append(',');
            }
            first = false;
            Str(sb, k);
            sb.Append(':');
            Str(sb, v);
        }
        sb.Append("},\"cwd\":");
        Str(sb, e.Cwd);
        if (e.Exit is { } code)
        {
            sb.Append(",\"exit\":").Append(code.ToString(CultureInfo.InvariantCulture));
        }
        sb.Append(",\"durationMs\":").Append(Math.Round(e.DurationMs, 3).ToString(CultureInfo.InvariantCulture));
        sb.Append(",\"nested\":").Append(e.Nested ? "true" : "false").Append(",\"faults\":[");
        for (var i = 0; i < e.Faults.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            Str(sb, e.Faults[i]);
        }
        sb.Append("]}\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>A JSON string with non-ASCII text kept as UTF-8.</summary>
    private static void Str(StringBuilder sb, string s) => PyJson.String(sb, s, ensureAscii: false);

    public static IReadOnlyList<JournalEntry> Read(HostLayout host)
    {
        var list = new List<JournalEntry>();
        if (!File.Exists(host.JournalFile))
        {
            return list;
        }
        string text;
        using (HostLock.Acquire(host.JournalLockFile))
        {
            text = File.ReadAllText(host.JournalFile);
        }
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            list.Add(JsonSerializer.Deserialize(line, EmuJsonContext.Default.JournalEntry)!);
        }
        return list;
    }

    /// <summary>The env subset recorded: what the node forwards to Director and its own variables.</summary>
    public static Dictionary<string, string> EnvSubset(IReadOnlyDictionary<string, string> env)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in env)
        {
            if (k.StartsWith("DIRECTOR_", StringComparison.Ordinal) || k.StartsWith("OVERLORD_", StringComparison.Ordinal))
            {
                d[k] = v;
            }
        }
        return d;
    }
}
