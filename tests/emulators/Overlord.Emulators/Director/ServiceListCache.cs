using System.Globalization;
using System.Text;
using Overlord.Emulators.Hosting;

namespace Overlord.Emulators.Director;

/// <summary>
/// The (service, fixed jail name) pairs of a stored project file, cached under <c>.emu/projects/P.services</c> and
/// keyed by the file's mtime and size. <c>describe</c> is polled constantly and parsing YAML (loading and JIT-ing
/// YamlDotNet) triples its start-up time. Files using <c>!ENV</c> are never cached: their names may depend on the
/// caller's environment, as with the real Director.
/// </summary>
internal static class ServiceListCache
{
    public static List<(string Service, string? Jail)> Get(DirectorContext d, ProjectStore store)
    {
        var spec = new FileInfo(store.StoredSpec);
        var key = $"{spec.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)} {spec.Length.ToString(CultureInfo.InvariantCulture)}";
        var cacheFile = Path.Combine(d.Ctx.Host.Emu, "projects", store.Name + ".services");
        var cached = ValueFiles.Read(cacheFile);
        if (cached is not null && cached.StartsWith(key + "\n", StringComparison.Ordinal))
        {
            return cached[(key.Length + 1)..].Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('\t'))
                .Select(p => (p[0], p.Length > 1 && p[1].Length > 0 ? p[1] : null))
                .ToList();
        }
        var text = File.ReadAllText(store.StoredSpec);
        var list = ProjectSpec.Parse(text, d.Ctx.GetEnv).Services.Select(s => (s.Name, s.Jail)).ToList();
        if (!text.Contains("!ENV", StringComparison.Ordinal))
        {
            var sb = new StringBuilder(key).Append('\n');
            foreach (var (s, j) in list)
            {
                sb.Append(s).Append('\t').Append(j).Append('\n');
            }
            // Readers never lock: write a temp file and rename it into place.
            var tmp = $"{cacheFile}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.tmp";
            ValueFiles.Write(tmp, sb.ToString());
            File.Move(tmp, cacheFile, overwrite: true);
        }
        return list;
    }
}
