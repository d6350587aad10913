using System.Globalization;

namespace Overlord.Service.Jails.Tools;

/// <summary>
/// A process and its descendants, found through <c>/proc</c> on Linux. Each member is kept with its start time so a
/// recycled pid is never signalled. On FreeBSD (no Linux-style <c>/proc</c>) the tree holds the child alone: SIGTERM
/// reaches only the child, and the final <see cref="System.Diagnostics.Process.Kill(bool)"/> takes the rest.
/// </summary>
internal sealed class ProcessTree
{
    private readonly Dictionary<int, long> _members = [];

    private ProcessTree()
    {
    }

    /// <summary>Pids currently known to belong to the tree.</summary>
    public IReadOnlyCollection<int> Pids => _members.Keys;

    /// <summary>Snapshots <paramref name="root"/> and everything below it.</summary>
    public static ProcessTree Of(int root)
    {
        var tree = new ProcessTree();
        tree.Refresh(root);
        return tree;
    }

    /// <summary>
    /// Adds the current descendants of the root and of every member still alive, so processes started after the
    /// first snapshot, or orphaned when their parent died, are still found.
    /// </summary>
    public void Refresh(int root)
    {
        if (!OperatingSystem.IsLinux())
        {
            _members.TryAdd(root, 0);
            return;
        }
        var table = ReadTable();
        var queue = new Queue<int>(_members.Keys.Where(IsAlive).Append(root));
        while (queue.Count > 0)
        {
            var pid = queue.Dequeue();
            if (table.TryGetValue(pid, out var entry))
            {
                _members.TryAdd(pid, entry.Start);
            }
            foreach (var (child, e) in table)
            {
                if (e.Parent == pid && !_members.ContainsKey(child))
                {
                    _members[child] = e.Start;
                    queue.Enqueue(child);
                }
            }
        }
    }

    /// <summary>Sends <paramref name="signal"/> to every member that is still the same process.</summary>
    public void Signal(int signal)
    {
        foreach (var pid in _members.Keys.Where(IsAlive))
        {
            Posix.Signal(pid, signal);
        }
    }

    /// <summary>Whether any member is still running (zombies count as gone: they only wait to be reaped).</summary>
    public bool AnyAlive() => _members.Keys.Any(IsAlive);

    private bool IsAlive(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return Posix.Signal(pid, 0);
        }
        return ReadStat(pid) is { } e && e.Start == _members.GetValueOrDefault(pid, e.Start) && e.State != 'Z' && e.State != 'X';
    }

    private static Dictionary<int, Stat> ReadTable()
    {
        var table = new Dictionary<int, Stat>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ReadStat(pid) is { } e)
            {
                table[pid] = e;
            }
        }
        return table;
    }

    /// <summary>Fields 3 (state), 4 (ppid) and 22 (start time) of <c>/proc/PID/stat</c>; the name may hold blanks and parentheses.</summary>
    private static Stat? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }
        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            || !long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }
        return new Stat(fields[0][0], parent, start);
    }

    private readonly record struct Stat(char State, int Parent, long Start);
}
