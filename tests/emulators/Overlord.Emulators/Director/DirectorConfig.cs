using Overlord.Emulators.Hosting;

namespace Overlord.Emulators.Director;

/// <summary>
/// Director's INI settings (§3.1). Defaults are the emulated host's directories instead of <c>~/.director</c>;
/// <c>$DIRECTOR_CONFIG</c> then <c>--config</c> override them (both must exist: 66).
/// </summary>
internal sealed class DirectorConfig
{
    public required string Logs { get; set; }
    public required string Projects { get; set; }
    public required string Locks { get; set; }
    public bool RemoveRecursive { get; set; }
    public bool RemoveForce { get; set; } = true;
    public int CommandsTimeout { get; set; } = 1800;

    public static DirectorConfig Defaults(HostLayout host) => new()
    {
        Logs = host.DirectorLogs, Projects = host.DirectorProjects, Locks = host.DirectorLocks,
    };

    /// <summary>Merges one INI file; returns an error line for an unparsable file (printed on stdout, exit 78).</summary>
    public string? Merge(string file)
    {
        string? section = null;
        var n = 0;
        foreach (var raw in File.ReadAllLines(file))
        {
            n++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }
            if (line[0] == '[')
            {
                if (!line.EndsWith(']'))
                {
                    return $"Source contains parsing errors: '{file}'\n\t[line {n,2}]: '{raw}'";
                }
                section = line[1..^1].Trim();
                continue;
            }
            var eq = line.IndexOfAny(['=', ':']);
            if (eq < 0 || section is null)
            {
                return section is null
                    ? $"File contains no section headers.\nfile: '{file}', line: {n}\n'{raw}'"
                    : $"Source contains parsing errors: '{file}'\n\t[line {n,2}]: '{raw}'";
            }
            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            switch ($"{section}.{key}")
            {
                case "logs.directory": Logs = Expand(value); break;
                case "projects.directory": Projects = Expand(value); break;
                case "locks.directory": Locks = Expand(value); break;
                case "jails.remove_recursive": RemoveRecursive = IsTrue(value); break;
                case "jails.remove_force": RemoveForce = IsTrue(value); break;
                case "commands.timeout": CommandsTimeout = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            }
        }
        return null;
    }

    private static bool IsTrue(string v) => v.ToLowerInvariant() is "1" or "yes" or "true" or "on";

    private static string Expand(string path) =>
        path.StartsWith('~') ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..] : path;
}
