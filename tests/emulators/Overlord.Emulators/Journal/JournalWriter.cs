using System.Text;
using System.Text.Json;
using Overlord.Emulators.Cli;
using Overlord.Emulators.Hosting;

namespace Overlord.Emulators.Journal;

/// <summary>Appends journal lines: one write per line under a lock, so concurrent emulators never interleave.</summary>
internal static class JournalWriter
{
    public static void Append(HostLayout host, JournalEntry entry)
    {
        var line = JsonSerializer.Serialize(entry, EmuJsonContext.Default.JournalEntry) + "\n";
        var bytes = Encoding.UTF8.GetBytes(line);
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
