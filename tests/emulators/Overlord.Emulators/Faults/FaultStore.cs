using System.Globalization;
using System.Text.Json;
using Overlord.Emulators.Cli;
using Overlord.Emulators.Hosting;

namespace Overlord.Emulators.Faults;

/// <summary>
/// Reads <c>faults.json</c> and <c>OVERLORD_EMU_FAULT</c>, matches rules against a call and consumes counted rules.
/// The common case (no faults file) costs one stat and takes no lock.
/// </summary>
internal static class FaultStore
{
    public const string EnvVariable = "OVERLORD_EMU_FAULT";

    public static List<FaultRule> Load(HostLayout host)
    {
        try
        {
            var text = File.ReadAllText(host.FaultsFile);
            return JsonSerializer.Deserialize(text, EmuJsonContext.Default.ListFaultRule) ?? [];
        }
        catch (FileNotFoundException)
        {
            return [];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    public static void Save(HostLayout host, List<FaultRule> rules)
    {
        if (rules.Count == 0)
        {
            // No file means no JSON parsing at all on the next calls (the common, fast path).
            ValueFiles.Delete(host.FaultsFile);
            return;
        }
        var tmp = host.FaultsFile + "." + Environment.ProcessId + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(rules, EmuJsonContext.Default.ListFaultRule));
        File.Move(tmp, host.FaultsFile, overwrite: true);
    }

    public static void Add(HostLayout host, FaultRule rule)
    {
        using var _ = HostLock.Acquire(host.HostLockFile);
        var rules = Load(host);
        rules.Add(rule);
        Save(host, rules);
    }

    public static void Clear(HostLayout host)
    {
        using var _ = HostLock.Acquire(host.HostLockFile);
        ValueFiles.Delete(host.FaultsFile);
    }

    /// <summary>
    /// The effects for this call. <paramref name="project"/>/<paramref name="service"/> are known for Director calls and
    /// for the AppJail calls Director makes.
    /// </summary>
    public static FaultSet Match(HostLayout host, string tool, IReadOnlyList<string> argv, string? envRules,
        string? project, string? service)
    {
        var effects = new List<(string, string?, FaultRule)>();
        var joined = string.Join(' ', argv);

        if (!string.IsNullOrWhiteSpace(envRules))
        {
            foreach (var rule in ParseRules(envRules))
            {
                if (Matches(rule, tool, argv, joined, project, service) && Roll(rule))
                {
                    var (n, v) = FaultSet.ParseEffect(rule.Effect);
                    effects.Add((n, v, rule));
                }
            }
        }

        if (File.Exists(host.FaultsFile))
        {
            var rules = Load(host);
            var any = rules.Exists(r => Matches(r, tool, argv, joined, project, service));
            if (any)
            {
                // Counted rules must be consumed exactly once across concurrent callers: re-read under the lock.
                using var _ = HostLock.Acquire(host.HostLockFile);
                rules = Load(host);
                var changed = false;
                for (var i = 0; i < rules.Count; i++)
                {
                    var rule = rules[i];
                    if (!Matches(rule, tool, argv, joined, project, service) || !Roll(rule))
                    {
                        continue;
                    }
                    var (n, v) = FaultSet.ParseEffect(rule.Effect);
                    effects.Add((n, v, rule));
                    if (rule.Count is { } c)
                    {
                        changed = true;
                        if (c <= 1)
                        {
                            rules.RemoveAt(i--);
                        }
                        else
                        {
                            rules[i] = rule with { Count = c - 1 };
                        }
                    }
                }
                if (changed)
                {
                    Save(host, rules);
                }
            }
        }
        return effects.Count == 0 ? FaultSet.None : new FaultSet(effects);
    }

    private static bool Roll(FaultRule rule) => rule.Probability is not { } p || Random.Shared.NextDouble() < p;

    private static bool Matches(FaultRule rule, string tool, IReadOnlyList<string> argv, string joined, string? project,
        string? service)
    {
        if (rule.Tool != "*" && rule.Tool != tool)
        {
            return false;
        }
        if (rule.Argv is { } glob && !Glob.IsMatch(glob, joined))
        {
            return false;
        }
        if (rule.Jail is { } jail && !argv.Contains(jail))
        {
            return false;
        }
        if (rule.Project is { } p && p != project)
        {
            return false;
        }
        // A service filter only narrows calls that know their service; Director-level rules decide per service later.
        if (rule.Service is { } s && service is not null && s != service)
        {
            return false;
        }
        return true;
    }

    /// <summary>
    /// <c>tool=appjail;argv=jail get*;effect=exit=3;count=2;p=0.5;project=P;jail=J;service=S</c>, several rules joined
    /// by <c>||</c> or newlines. Keys split at the first <c>=</c>, so effects keep theirs.
    /// </summary>
    public static IEnumerable<FaultRule> ParseRules(string text)
    {
        foreach (var raw in text.Split(["||", "\n"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string tool = "*", effect = "";
            string? argv = null, project = null, jail = null, service = null;
            int? count = null;
            double? p = null;
            foreach (var part in raw.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var (k, v) = FaultSet.ParseEffect(part);
                v ??= "";
                switch (k)
                {
                    case "tool": tool = v; break;
                    case "argv": argv = v; break;
                    case "effect": effect = v; break;
                    case "project": project = v; break;
                    case "jail": jail = v; break;
                    case "service": service = v; break;
                    case "count": count = int.Parse(v, CultureInfo.InvariantCulture); break;
                    case "p": p = double.Parse(v, CultureInfo.InvariantCulture); break;
                    default: throw new FormatException($"{EnvVariable}: unknown key '{k}'");
                }
            }
            yield return new FaultRule(tool, effect) { Argv = argv, Project = project, Jail = jail, Service = service, Count = count, Probability = p };
        }
    }
}
