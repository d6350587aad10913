using System.Globalization;
using Overlord.Core.Config;
using Overlord.Service.Jails.Tools;

namespace Overlord.Service.Jails;

/// <summary>
/// Reads the <c>conf/</c> items AppJail keeps per jail (upstream <c>jail.py</c> <c>_list_ids</c>, <c>_read</c>,
/// <c>_list</c>): each sub-directory of a namespace is one entry, each keyword one file whose content, minus one
/// trailing newline, is the value (empty or missing → null). Differences from upstream: a non-numeric entry in a
/// numbered namespace is skipped (upstream's <c>int()</c> kills the poller), numbered entries are ordered by number
/// (upstream keeps directory order), fstab <c>pass</c> reads <c>fs_passno</c> (upstream compares instead of assigning
/// and always reads a missing <c>pass</c>), and nothing is read through a symlink that leads outside the jail's
/// <c>conf</c> directory.
/// </summary>
internal sealed class JailConfReader(string jailsDirectory, ILogger logger)
{
    private static readonly Dictionary<JailConfItem, Layout> Layouts = new()
    {
        [JailConfItem.Devfs] = new("boot/devfs", "nro", "devfs"),
        [JailConfItem.Expose] = new("boot/expose", "nro", "expose", new() { ["rule"] = "pf-rule" }),
        [JailConfItem.Healthcheck] = new("boot/health", "nro", "healthcheck"),
        [JailConfItem.Limits] = new("boot/limits", "nro", "limits"),
        [JailConfItem.Fstab] = new("boot/fstab", "nro", "fstab", new()
        {
            ["device"] = "fs_spec",
            ["mountpoint"] = "fs_file",
            ["type"] = "fs_vfstype",
            ["options"] = "fs_mntops",
            ["dump"] = "fs_freq",
            ["pass"] = "fs_passno",
        }),
        [JailConfItem.Labels] = new("labels", "name", "label"),
        // Only "rule" has a file; upstream answers null for anything else.
        [JailConfItem.Nat] = new("boot/nat", "network", "nat", new() { ["rule"] = "pf-nat.conf" }, OnlyMapped: true),
        [JailConfItem.Volumes] = new("volumes", "name", "volume"),
    };

    /// <summary>See <see cref="IAppJail.ReadConfItems"/>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string?>>? Read(string jail, JailConfItem item, IReadOnlyList<string> keywords)
    {
        ToolArguments.Jail(jail);
        var layout = Layouts[item];
        var allowed = PollingKeywordLists.ByItem[layout.KeywordList];
        foreach (var keyword in keywords)
        {
            // Keywords become file names, so only the known ones may pass.
            if (!allowed.Contains(keyword, StringComparer.Ordinal))
            {
                throw new ArgumentException($"'{keyword}' is not a {layout.KeywordList} keyword; known: {string.Join(", ", allowed)}.", nameof(keywords));
            }
        }

        var conf = Path.Combine(jailsDirectory, jail, "conf");
        var namespaceDir = Path.Combine(conf, layout.Directory);
        if (!Directory.Exists(namespaceDir))
        {
            return null;
        }
        // The boundary is the real conf directory of the real jail directory: conf itself must not be redirected.
        var realJail = Posix.RealPath(Path.Combine(jailsDirectory, jail));
        var realConf = Posix.RealPath(conf);
        if (realJail is null || realConf != Path.Combine(realJail, "conf") || !Inside(realConf, namespaceDir))
        {
            JailLog.ConfEntryEscapes(logger, namespaceDir);
            return null;
        }

        var entries = new List<IReadOnlyDictionary<string, string?>>();
        foreach (var (id, dir) in Entries(namespaceDir, numeric: layout.IdKey == "nro"))
        {
            if (!Inside(realConf, dir))
            {
                JailLog.ConfEntryEscapes(logger, dir);
                continue;
            }
            // Upstream returns an empty map, without the id, when no keyword is asked for.
            var entry = new OrderedDictionary<string, string?>(StringComparer.Ordinal);
            if (keywords.Count > 0)
            {
                foreach (var keyword in keywords)
                {
                    var file = layout.Files?.GetValueOrDefault(keyword) ?? (layout.OnlyMapped ? null : keyword);
                    entry[keyword] = file is null ? null : ReadValue(realConf, Path.Combine(dir, file));
                }
                entry[layout.IdKey] = id;
            }
            entries.Add(entry);
        }
        return entries;
    }

    /// <summary>Sub-directories as (id, path). Numeric ids are canonical decimal strings (upstream's <c>f"{int(id)}"</c>), ordered by value.</summary>
    private IEnumerable<(string Id, string Path)> Entries(string namespaceDir, bool numeric)
    {
        var dirs = Directory.EnumerateDirectories(namespaceDir).Select(d => (Name: Path.GetFileName(d), Path: d));
        if (!numeric)
        {
            return dirs.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        }
        var numbered = new List<(long Number, string Name, string Path)>();
        foreach (var (name, path) in dirs)
        {
            if (long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                numbered.Add((number, name, path));
            }
            else
            {
                JailLog.ConfEntryNotNumeric(logger, path);
            }
        }
        return numbered
            .OrderBy(e => e.Number)
            .ThenBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => (e.Number.ToString(CultureInfo.InvariantCulture), e.Path))
            .ToList();
    }

    private string? ReadValue(string realConf, string file)
    {
        if (!File.Exists(file))
        {
            return null;
        }
        if (!Inside(realConf, file))
        {
            JailLog.ConfEntryEscapes(logger, file);
            return null;
        }
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Upstream logs and answers null as well: one unreadable file must not hide the rest.
            JailLog.ConfFileUnreadable(logger, file, e.Message);
            return null;
        }
        if (text.EndsWith('\n'))
        {
            text = text[..^1];
        }
        return text.Length == 0 ? null : text;
    }

    private static bool Inside(string realConf, string path) =>
        Posix.RealPath(path) is { } real && (real == realConf || real.StartsWith(realConf + "/", StringComparison.Ordinal));

    /// <summary>Where a namespace lives, its id key, its keyword list in the config, and keyword → file renames.</summary>
    private sealed record Layout(string Directory, string IdKey, string KeywordList, Dictionary<string, string>? Files = null, bool OnlyMapped = false);
}
