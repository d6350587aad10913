using System.Globalization;
using Overlord.Emulators.Hosting;

namespace Overlord.Emulators.AppJail;

/// <summary>
/// Writers for the <c>conf/</c> namespaces in the layout of §5.6 (one value + newline per file under
/// <c>conf/boot/&lt;ns&gt;/&lt;n&gt;/</c>; labels and volumes without newline). Shared by makejail's quick options and
/// <see cref="JailBuilder"/>.
/// </summary>
internal static class ConfWriters
{
    private static string Entry(JailStore store, string jail, string ns)
    {
        var dir = store.Conf(jail, "boot", ns);
        return Path.Combine(dir, ValueFiles.NextId(dir).ToString(CultureInfo.InvariantCulture));
    }

    private static void Files(string dir, IEnumerable<(string File, string Value)> values)
    {
        foreach (var (f, v) in values)
        {
            ValueFiles.WriteLine(Path.Combine(dir, f), v);
        }
    }

    public static void Label(JailStore store, string jail, string name, string value) =>
        ValueFiles.Write(store.Conf(jail, "labels", name, "value"), value);

    public static void Expose(JailStore store, string jail, string hport, string jport, string protocol, string extIf,
        string onIf, string? network)
    {
        var nets = store.Networks(jail);
        var net = network ?? (nets.Count > 0 ? nets[0].Network : "");
        var ip = nets.FirstOrDefault(n => n.Network == net).Address ?? store.Template(jail, "ip4.addr") ?? "";
        var dir = Entry(store, jail, "expose");
        Files(dir, [
            ("enabled", "1"), ("name", ""), ("network_name", net), ("hport", hport), ("jport", jport),
            ("protocol", protocol), ("ext_if", extIf), ("on_if", onIf), ("ext_ip", ""),
            ("pf-rule", $"rdr pass on \"{onIf}\" inet proto {protocol} from any to (\"{extIf}:0\") port {hport} -> {ip} port {jport}"),
        ]);
    }

    /// <summary><c>resource:action=amount[/per]</c>, e.g. <c>memoryuse:deny=512M</c>.</summary>
    public static void Limit(JailStore store, string jail, string rule)
    {
        var colon = rule.IndexOf(':');
        var eq = rule.IndexOf('=');
        var resource = colon > 0 ? rule[..colon] : rule;
        var action = colon > 0 && eq > colon ? rule[(colon + 1)..eq] : "";
        var slash = rule.IndexOf('/', Math.Max(eq, 0));
        var per = slash > 0 ? rule[(slash + 1)..] : "";
        Files(Entry(store, jail, "limits"), [
            ("action", action), ("enabled", "1"), ("name", ""), ("per", per), ("resource", resource), ("rule", rule),
        ]);
    }

    public static void Fstab(JailStore store, string jail, string device, string mountpoint, string type, string options,
        string dump = "0", string pass = "0") =>
        Files(Entry(store, jail, "fstab"), [
            ("enabled", "1"), ("name", ""), ("fs_spec", device), ("fs_file", mountpoint), ("fs_vfstype", type),
            ("fs_mntops", options), ("fs_freq", dump), ("fs_passno", pass),
        ]);

    public static void Nat(JailStore store, string jail, string network, string? rule)
    {
        var ip = store.Networks(jail).FirstOrDefault(n => n.Network == network).Address ?? "";
        ValueFiles.WriteLine(store.Conf(jail, "boot", "nat", network, "pf-nat.conf"),
            rule ?? $"nat on \"em0\" from {ip} to any -> (\"em0:0\")");
    }

    public static void Volume(JailStore store, string jail, string name, string mountpoint, string type, string? uid,
        string? gid, string? perm)
    {
        var dir = store.Conf(jail, "volumes", name);
        ValueFiles.Write(Path.Combine(dir, "mountpoint"), mountpoint);
        ValueFiles.Write(Path.Combine(dir, "type"), type);
        if (uid is not null)
        {
            ValueFiles.Write(Path.Combine(dir, "uid"), uid);
        }
        if (gid is not null)
        {
            ValueFiles.Write(Path.Combine(dir, "gid"), gid);
        }
        if (perm is not null)
        {
            ValueFiles.Write(Path.Combine(dir, "perm"), perm);
        }
    }

    public static void Devfs(JailStore store, string jail, string rule) =>
        Files(Entry(store, jail, "devfs"), [("enabled", "1"), ("name", ""), ("rule", rule)]);

    public static void Ephemeral(JailStore store, string jail) =>
        ValueFiles.WriteLine(store.Conf(jail, "boot", "lifetime", "ephemeral"), "1");
}

/// <summary>A healthcheck entry with AppJail's defaults; <c>status</c> only when given (absent before the first run).</summary>
internal static class HealthcheckWriter
{
    public static void Write(JailStore store, string jail, IReadOnlyDictionary<string, string> values)
    {
        var dir = store.Conf(jail, "boot", "health");
        var entry = Path.Combine(dir, ValueFiles.NextId(dir).ToString(CultureInfo.InvariantCulture));
        var d = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["enabled"] = "1", ["name"] = "", ["health_cmd"] = "appjail status -q %j", ["health_type"] = "host",
            ["recover_cmd"] = "appjail restart %j", ["recover_type"] = "host", ["interval"] = "30", ["retries"] = "3",
            ["start_period"] = "0", ["timeout"] = "60", ["timeout_signal"] = "SIGKILL", ["kill_after"] = "10",
            ["recover_total"] = "3", ["recover_timeout"] = "60", ["recover_timeout_signal"] = "SIGKILL",
            ["recover_kill_after"] = "10",
        };
        foreach (var (k, v) in values)
        {
            d[k] = v;
        }
        foreach (var (k, v) in d)
        {
            ValueFiles.WriteLine(Path.Combine(entry, k), v);
        }
    }
}
