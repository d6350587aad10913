using Overlord.Emulators.Cli;
using Overlord.Emulators.Hosting;

namespace Overlord.Emulators.AppJail;

/// <summary>
/// AppJail "quick" options (<c>-o NAME[=VALUE]</c>) that leave traces in <c>conf/</c>. Values are split like a shell
/// would; <c>key:value</c> words name sub-parameters. Options without a file the node reads are remembered privately.
/// </summary>
internal static class QuickOptions
{
    /// <summary>Applies one option; true when it asks for the jail to be started after the build.</summary>
    public static bool Apply(ToolContext ctx, JailStore store, string jail, string option)
    {
        var eq = option.IndexOf('=');
        var name = eq < 0 ? option : option[..eq];
        var value = eq < 0 ? null : option[(eq + 1)..];
        var words = value is null ? [] : ShellWords.Split(value);
        Dictionary<string, string> Params() => words.Where(w => w.Contains(':', StringComparison.Ordinal))
            .Select(w => (w[..w.IndexOf(':')], w[(w.IndexOf(':') + 1)..]))
            .GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.Last().Item2, StringComparer.Ordinal);
        switch (name)
        {
            case "start":
                return true;
            case "ephemeral":
                ConfWriters.Ephemeral(store, jail);
                break;
            case "label" when value is not null:
            {
                var c = value.IndexOf(':');
                ConfWriters.Label(store, jail, c < 0 ? value : value[..c], c < 0 ? "" : value[(c + 1)..]);
                break;
            }
            case "expose" when words.Count > 0:
            {
                var p = Params();
                var ports = words.FirstOrDefault(w => w.Length > 0 && char.IsAsciiDigit(w[0])) ?? "";
                var pc = ports.IndexOf(':');
                var hport = p.GetValueOrDefault("hport") ?? (pc < 0 ? ports : ports[..pc]);
                var jport = p.GetValueOrDefault("jport") ?? (pc < 0 ? hport : ports[(pc + 1)..]);
                ConfWriters.Expose(store, jail, hport, jport, p.GetValueOrDefault("proto") ?? p.GetValueOrDefault("protocol") ?? "tcp",
                    p.GetValueOrDefault("ext_if") ?? "em0", p.GetValueOrDefault("on_if") ?? p.GetValueOrDefault("ext_if") ?? "em0",
                    p.GetValueOrDefault("network"));
                break;
            }
            case "limits" when value is not null:
                ConfWriters.Limit(store, jail, value.Trim());
                break;
            case "healthcheck":
                HealthcheckWriter.Write(store, jail, Params());
                break;
            case "fstab" when words.Count >= 2:
                ConfWriters.Fstab(store, jail, words[0], words[1], words.ElementAtOrDefault(2) ?? "nullfs",
                    words.ElementAtOrDefault(3) ?? "rw", words.ElementAtOrDefault(4) ?? "0", words.ElementAtOrDefault(5) ?? "0");
                break;
            case "nat":
            {
                var p = Params();
                var net = p.GetValueOrDefault("network") ?? store.Networks(jail).Select(n => n.Network).FirstOrDefault() ?? "ajnet";
                ConfWriters.Nat(store, jail, net, null);
                break;
            }
            case "virtualnet" when words.Count > 0:
            {
                var first = words[0];
                var net = first.Contains(':', StringComparison.Ordinal) ? first[..first.IndexOf(':')] : first;
                store.AddNetwork(jail, net, Params().GetValueOrDefault("address"));
                break;
            }
            case "volume" when words.Count > 0:
            {
                var p = Params();
                ConfWriters.Volume(store, jail, words[0], p.GetValueOrDefault("mountpoint") ?? "/" + words[0],
                    p.GetValueOrDefault("type") ?? "<pseudofs>", p.GetValueOrDefault("uid"), p.GetValueOrDefault("gid"),
                    p.GetValueOrDefault("perm"));
                break;
            }
            case "device" when value is not null:
                ConfWriters.Devfs(store, jail, value);
                break;
            case "devfs_ruleset" when value is not null:
                ValueFiles.WriteLine(store.Conf(jail, "boot", "devfs_ruleset"), value);
                break;
            case "priority" when value is not null:
                ValueFiles.WriteLine(store.Conf(jail, "boot", "startup", "priority"), value);
                break;
            case "boot":
                ValueFiles.WriteLine(store.Conf(jail, "boot", "startup", "boot"), "1");
                break;
            case "ip4" or "ip6" when value is not null:
                File.AppendAllText(store.Conf(jail, "template.conf"), $"{name}.addr: {value}\n");
                break;
            case "hostname" when value is not null:
                File.AppendAllText(store.Conf(jail, "template.conf"), $"host.hostname: {value}\n");
                break;
            default:
                store.AppendPrivateFile(jail, "options", option);
                break;
        }
        AjLog.Debug(ctx, $"option applied: {name}", jail);
        return false;
    }
}
