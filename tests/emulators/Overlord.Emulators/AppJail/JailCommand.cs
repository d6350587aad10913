using System.Globalization;
using System.Text;
using Overlord.Emulators.Cli;
using Overlord.Emulators.Hosting;

namespace Overlord.Emulators.AppJail;

/// <summary><c>appjail jail get|list|destroy</c>.</summary>
internal static class JailCommand
{
    private static readonly string[] DefaultKeywords = ["status", "name", "type", "version", "ports", "network_ip4"];

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "alt_name", "appjail_version", "arch", "boot", "container", "container_boot", "container_image",
        "container_pid", "created", "devfs_ruleset", "dirty", "ephemeral", "hostname", "inet", "inet6", "ip4", "ip6",
        "is_container", "locked", "name", "network_ip4", "networks", "path", "priority", "ports", "release_name",
        "status", "type", "version", "version_extra", "x11_display", "xephyr_pid",
    };

    public static int Run(ToolContext ctx, JailStore store, List<string> args)
    {
        if (args.Count == 0)
        {
            ctx.Out.Write("usage: appjail jail [destroy|get|list] ...\n");
            return ExitCodes.Usage;
        }
        var rest = args.Skip(1).ToList();
        return args[0] switch
        {
            "get" => Get(ctx, store, rest),
            "list" => List(ctx, store, rest),
            "destroy" => Destroy(ctx, store, rest),
            _ => throw AjLog.Fail(ctx, ExitCodes.Usage, $"{args[0]}: Invalid subcommand."),
        };
    }

    private sealed record TableFlags(bool Escape, bool Header, bool EmptyBlank, bool Pretty, bool Tabs);

    private static TableFlags ParseFlags(ToolContext ctx, List<string> args)
    {
        bool e = false, h = false, i = false, p = false, t = false;
        while (args.Count > 0 && args[0].Length > 1 && args[0][0] == '-' && args[0] != "--")
        {
            foreach (var c in args[0][1..])
            {
                switch (c)
                {
                    case 'e': e = true; break;
                    case 'H': h = !h; break;
                    case 'I': i = !i; break;
                    case 'p': p = !p; break;
                    case 't': t = !t; break;
                    default: throw AjLog.Fail(ctx, ExitCodes.Usage, $"-{c}: Invalid option.");
                }
            }
            args.RemoveAt(0);
        }
        AppJailCli.SkipDashDash(args);
        return new TableFlags(e, h, i, p, t);
    }

    /// <summary>
    /// One row: fields joined by a blank (tab with -t), values echo-collapsed, empty → "-" or with -I nothing (one
    /// keyword) / a lone blank (several), trailing blanks stripped; -H prepends an upper-case header.
    /// </summary>
    private static int Get(ToolContext ctx, JailStore store, List<string> args)
    {
        var flags = ParseFlags(ctx, args);
        if (args.Count == 0)
        {
            ctx.Out.Write("usage: appjail jail get [-eHIpt] [--] jail [keyword ...]\n");
            return ExitCodes.Usage;
        }
        var jail = args[0];
        store.Require(ctx, jail);
        var requested = args.Count > 1 ? args.Skip(1) : DefaultKeywords;
        var keywords = new List<string>();
        foreach (var kw in requested)
        {
            if (!Keywords.Contains(kw))
            {
                AjLog.Warn(ctx, $"{kw}: keyword not found.", jail);
            }
            else if (!keywords.Contains(kw))
            {
                keywords.Add(kw);
            }
        }
        if (keywords.Count == 0)
        {
            return 0;
        }
        var values = keywords.ConvertAll(k => Collapse(Value(store, jail, k)));
        WriteTable(ctx, flags, keywords, [values]);
        return 0;
    }

    private static void WriteTable(ToolContext ctx, TableFlags flags, List<string> keywords, List<List<string>> rows)
    {
        var sep = flags.Tabs ? "\t" : " ";
        var shaped = rows.ConvertAll(r => r.ConvertAll(v => v.Length > 0 ? v : flags.EmptyBlank ? (keywords.Count == 1 ? "" : " ") : "-"));
        var header = keywords.ConvertAll(k => k.ToUpperInvariant());
        var sb = new StringBuilder();
        if (flags.Pretty)
        {
            // column -t: every column padded to its widest cell plus two blanks, the last one unpadded.
            var all = flags.Header ? new List<List<string>> { header }.Concat(shaped).ToList() : shaped;
            var widths = Enumerable.Range(0, keywords.Count).Select(i => all.Max(r => r[i].Length)).ToArray();
            foreach (var r in all)
            {
                var line = new StringBuilder();
                for (var i = 0; i < r.Count; i++)
                {
                    line.Append(i == r.Count - 1 ? r[i] : r[i].PadRight(widths[i] + 2));
                }
                sb.Append(line.ToString().TrimEnd(' ')).Append('\n');
            }
        }
        else
        {
            if (flags.Header)
            {
                sb.Append(sep).Append(string.Join(sep, header)).Append('\n');
            }
            foreach (var r in shaped)
            {
                sb.Append(string.Join(sep, r).TrimEnd(' ')).Append('\n');
            }
        }
        ctx.Out.Write(sb.ToString());
    }

    /// <summary>The unquoted <c>echo</c> AppJail passes values through: whitespace runs become one blank.</summary>
    private static string Collapse(string value) =>
        string.Join(' ', value.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    public static string Value(JailStore store, string jail, string keyword)
    {
        bool running = store.IsRunning(jail);
        string FromFile(params string[] parts) => ValueFiles.FirstLine(store.Conf(jail, parts)) ?? "";
        string Flag(params string[] parts) => File.Exists(store.Conf(jail, parts)) ? "1" : "0";
        return keyword switch
        {
            "name" => jail,
            "path" => store.RootFs(jail),
            "status" => running ? "UP" : "DOWN",
            "dirty" => store.IsDirty(jail) ? "1" : "0",
            "ephemeral" => Flag("boot", "lifetime", "ephemeral"),
            "boot" => Flag("boot", "startup", "boot"),
            "locked" => Flag("boot", "lock", "locked"),
            "type" => store.Config(jail, "jail_type") ?? "",
            "version" => store.Config(jail, "osversion") ?? "",
            "arch" => store.Config(jail, "osarch") ?? "",
            "release_name" => store.Config(jail, "release_name") ?? "",
            "appjail_version" => store.Config(jail, "appjail_version") ?? "",
            "created" => long.TryParse(store.Config(jail, "birth"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var b)
                ? DateTimeOffset.FromUnixTimeSeconds(b).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
                : "",
            "priority" => ValueFiles.FirstLine(store.Conf(jail, "boot", "startup", "priority")) ?? "0",
            "ports" => Ports(store, jail),
            "network_ip4" => string.Join(',', store.Networks(jail).Select(n => n.Address)),
            "networks" => string.Join(',', store.Networks(jail).Select(n => n.Network).Distinct()),
            "inet" => running ? string.Join(',', store.Networks(jail).Select(n => n.Address).Prepend(store.Template(jail, "ip4.addr")).Where(a => !string.IsNullOrEmpty(a))) : "",
            "inet6" => running ? store.Template(jail, "ip6.addr") ?? "" : "",
            "ip4" => store.Template(jail, "ip4.addr") ?? "",
            "ip6" => store.Template(jail, "ip6.addr") ?? "",
            "hostname" => store.Template(jail, "host.hostname") ?? "",
            "alt_name" => FromFile("labels", "appjail.dns.alt-name", "value"),
            "devfs_ruleset" => FromFile("boot", "devfs_ruleset"),
            "is_container" => store.PrivateFile(jail, "oci") is null ? "0" : "1",
            _ => "",
        };
    }

    private static string Ports(JailStore store, string jail)
    {
        var dir = store.Conf(jail, "boot", "expose");
        var parts = new List<string>();
        foreach (var id in ValueFiles.Ids(dir))
        {
            string F(string f) => ValueFiles.FirstLine(Path.Combine(dir, id.ToString(CultureInfo.InvariantCulture), f)) ?? "";
            var (h, j, p) = (F("hport"), F("jport"), F("protocol"));
            if (p.Length == 0)
            {
                p = "tcp";
            }
            parts.Add(j.Length == 0 || j == h ? $"{h}/{p}" : $"{h} -> {j}/{p}");
        }
        return string.Join(',', parts);
    }

    /// <summary><c>jail list</c>: header shown, aligned; -H hides it, -p/-t plain. Not used by Overlord; kept simple.</summary>
    private static int List(ToolContext ctx, JailStore store, List<string> args)
    {
        var flags = ParseFlags(ctx, args);
        string? only = null;
        if (args.Count >= 2 && args[0] == "-j")
        {
            only = args[1];
            args.RemoveRange(0, 2);
        }
        var keywords = args.Count > 0 ? args.Where(Keywords.Contains).Distinct().ToList() : [.. DefaultKeywords];
        var jails = only is not null ? [only] : Directory.Exists(ctx.Host.Jails)
            ? Directory.EnumerateDirectories(ctx.Host.Jails).Select(Path.GetFileName).OfType<string>().ToList() : [];
        if (only is not null)
        {
            store.Require(ctx, only);
        }
        var rows = jails.ConvertAll(j => keywords.ConvertAll(k => Collapse(Value(store, j, k))));
        // list inverts get's flags: header and alignment by default.
        var inverted = new TableFlags(flags.Escape, !flags.Header, flags.EmptyBlank, !(flags.Pretty || flags.Tabs), false);
        if (rows.Count > 0)
        {
            WriteTable(ctx, inverted, keywords, rows);
        }
        return 0;
    }

    /// <summary>
    /// <c>jail destroy [-f] [-R] [--] J</c>. Running without <c>-f</c> → 77. With <c>-f</c> AppJail stops the jail
    /// first (Director passes -f by default, <c>jails.remove_force</c>).
    /// </summary>
    private static int Destroy(ToolContext ctx, JailStore store, List<string> args)
    {
        var force = false;
        while (args.Count > 0 && args[0] is "-f" or "-R" or "-fR" or "-Rf")
        {
            force |= args[0].Contains('f', StringComparison.Ordinal);
            args.RemoveAt(0);
        }
        var jail = AppJailCli.OneJail(ctx, args, "appjail jail destroy [-fR] [--] jail");
        using var _ = HostLock.Acquire(ctx.Host.HostLockFile);
        store.Require(ctx, jail);
        if (store.IsRunning(jail))
        {
            if (!force)
            {
                AjLog.Warn(ctx, $"{jail} is currently running.");
                return ExitCodes.NoPerm;
            }
            AjLog.Info(ctx, $"Stopping {jail} ...");
            store.ClearRunning(jail);
            store.AppendJailLog(jail, "console", $"Stopping jail: {jail}.\n");
        }
        AjLog.Info(ctx, $"Destroying {jail} ...");
        store.Destroy(jail);
        return 0;
    }
}
