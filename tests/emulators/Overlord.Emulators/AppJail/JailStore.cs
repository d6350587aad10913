using System.Globalization;
using Overlord.Emulators.Cli;
using Overlord.Emulators.Hosting;

namespace Overlord.Emulators.AppJail;

/// <summary>
/// AppJail's jail state on disk. A jail exists ⇔ <c>&lt;JAILDIR&gt;/J</c> is a directory; it is dirty ⇔ <c>.done</c>
/// is missing. "Running" has no file in the real layout (it is the kernel's <c>jls</c>), so the emulator keeps a
/// marker under <c>.emu/jails/J/running</c>. Mutators expect the caller to hold the host lock.
/// </summary>
internal sealed class JailStore(HostLayout host)
{
    public HostLayout Host { get; } = host;

    /// <summary><c>^[a-zA-Z0-9_][a-zA-Z0-9_-]*$</c>, checked by hand: every AppJail call validates a name and loading the
    /// regex engine is a measurable share of a ~40 ms process.</summary>
    public static bool IsValidName(string jail)
    {
        if (jail.Length == 0 || jail[0] == '-')
        {
            return false;
        }
        foreach (var c in jail)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    public string Dir(string jail) => Host.JailDir(jail);
    public string RootFs(string jail) => Path.Combine(Dir(jail), "jail");
    public string Conf(string jail, params string[] parts) => Path.Combine([Dir(jail), "conf", .. parts]);
    private string Emu(string jail, string file) => Path.Combine(Host.EmuJailDir(jail), file);

    public bool Exists(string jail) => Directory.Exists(Dir(jail)) && Crash(jail) != "gone";

    public bool IsRunning(string jail) => Directory.Exists(Dir(jail)) && File.Exists(Emu(jail, "running")) && Crash(jail) is null;

    public bool IsDirty(string jail) => !File.Exists(Path.Combine(Dir(jail), ".done")) || Crash(jail) == "dirty";

    public bool IsEphemeral(string jail) => File.Exists(Conf(jail, "boot", "lifetime", "ephemeral"));

    public bool IsLocked(string jail) => File.Exists(Conf(jail, "boot", "lock", "locked"));

    /// <summary>The crash mode once a <c>crash-after-start</c> deadline has passed (stop, dirty, gone), else null.</summary>
    private string? Crash(string jail)
    {
        var marker = ValueFiles.Read(Emu(jail, "running"));
        if (marker is null)
        {
            return null;
        }
        long crashAt = 0;
        var mode = "stop";
        foreach (var line in marker.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var (k, v) = Faults.FaultSet.ParseEffect(line);
            if (k == "crashAt")
            {
                crashAt = long.Parse(v!, CultureInfo.InvariantCulture);
            }
            else if (k == "crash")
            {
                mode = v!;
            }
        }
        return crashAt > 0 && DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() >= crashAt ? mode : null;
    }

    /// <summary>Validates the name (65) and existence (66) as every AppJail command does.</summary>
    public void Require(ToolContext ctx, string jail)
    {
        if (!IsValidName(jail))
        {
            throw AjLog.Fail(ctx, ExitCodes.DataErr, $"{jail}: Invalid jail name.");
        }
        if (!Exists(jail))
        {
            throw AjLog.Fail(ctx, ExitCodes.NoInput, $"Cannot find the jail `{jail}`");
        }
    }

    /// <summary>A new jail without <c>.done</c> (dirty): root fs, config.conf, template.conf.</summary>
    public void CreateSkeleton(string jail, string type = "thin", string version = "14.2-RELEASE")
    {
        Directory.CreateDirectory(RootFs(jail));
        Directory.CreateDirectory(Host.EmuJailDir(jail));
        var birth = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        ValueFiles.Write(Conf(jail, "config.conf"),
            $"appjail_version: 5.4.0\nbirth: {birth}\nosarch: amd64\nosversion: {version}\njail_type: {type}\nrelease_name: default\n");
        ValueFiles.Write(Conf(jail, "template.conf"),
            "exec.start: \"/bin/sh /etc/rc\"\nexec.stop: \"/bin/sh /etc/rc.shutdown jail\"\nmount.devfs\npersist\n");
    }

    public void MarkDone(string jail) => ValueFiles.Write(Path.Combine(Dir(jail), ".done"), "");

    public void SetRunning(string jail, long? crashAtMs = null, string? crashMode = null)
    {
        var text = $"started={DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}\n";
        if (crashAtMs is { } at)
        {
            text += $"crashAt={at}\ncrash={crashMode ?? "stop"}\n";
        }
        ValueFiles.Write(Emu(jail, "running"), text);
        ValueFiles.Write(Emu(jail, "ran"), "");
    }

    public void ClearRunning(string jail) => ValueFiles.Delete(Emu(jail, "running"));

    public bool HasRun(string jail) => File.Exists(Emu(jail, "ran"));

    public void Destroy(string jail)
    {
        if (Directory.Exists(Dir(jail)))
        {
            Directory.Delete(Dir(jail), recursive: true);
        }
        if (Directory.Exists(Host.EmuJailDir(jail)))
        {
            Directory.Delete(Host.EmuJailDir(jail), recursive: true);
        }
    }

    /// <summary><c>key: value</c> from <c>conf/config.conf</c>.</summary>
    public string? Config(string jail, string key) => KeyValue(Conf(jail, "config.conf"), key + ":");

    /// <summary><c>key: value</c> from <c>conf/template.conf</c> (jail.conf parameters such as <c>ip4.addr</c>).</summary>
    public string? Template(string jail, string key) => KeyValue(Conf(jail, "template.conf"), key + ":");

    private static string? KeyValue(string file, string prefix)
    {
        var text = ValueFiles.Read(file);
        if (text is null)
        {
            return null;
        }
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line[prefix.Length..].Trim().Trim('"');
            }
        }
        return null;
    }

    public void SetConfig(string jail, string key, string value)
    {
        var file = Conf(jail, "config.conf");
        var lines = (ValueFiles.Read(file) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        lines.RemoveAll(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        lines.Add($"{key}: {value}");
        ValueFiles.Write(file, string.Join('\n', lines) + "\n");
    }

    // Virtual networks have no single file Overlord reads, so the emulator keeps "network address" lines privately.
    public List<(string Network, string Address)> Networks(string jail)
    {
        var list = new List<(string, string)>();
        var text = ValueFiles.Read(Emu(jail, "networks"));
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            list.Add((parts[0], parts.Length > 1 ? parts[1] : ""));
        }
        return list;
    }

    /// <summary>Joins a virtual network, allocating the next free 10.0.0.x on the host when no address is given.</summary>
    public string AddNetwork(string jail, string network, string? address)
    {
        if (network.Length == 0)
        {
            network = "ajnet";
        }
        if (Networks(jail).Find(n => n.Network == network) is { Address.Length: > 0 } joined)
        {
            return joined.Address;
        }
        if (address is null)
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            var root = Path.Combine(Host.Emu, "jails");
            if (Directory.Exists(root))
            {
                foreach (var d in Directory.EnumerateDirectories(root))
                {
                    foreach (var (_, a) in Networks(Path.GetFileName(d)))
                    {
                        used.Add(a);
                    }
                }
            }
            for (var i = 2; i < 255 && address is null; i++)
            {
                if (!used.Contains($"10.0.0.{i}"))
                {
                    address = $"10.0.0.{i}";
                }
            }
            address ??= "10.0.1.2";
        }
        Directory.CreateDirectory(Host.EmuJailDir(jail));
        File.AppendAllText(Emu(jail, "networks"), $"{network} {address}\n");
        return address;
    }

    public string? PrivateFile(string jail, string name) => ValueFiles.Read(Emu(jail, name));

    public void WritePrivateFile(string jail, string name, string content) => ValueFiles.Write(Emu(jail, name), content);

    public void AppendPrivateFile(string jail, string name, string line)
    {
        Directory.CreateDirectory(Host.EmuJailDir(jail));
        File.AppendAllText(Emu(jail, name), line + "\n");
    }

    /// <summary>Appends to <c>&lt;AJLOGS&gt;/jails/J/&lt;subtype&gt;/YYYY-mm-dd.log</c> as AppJail's console logs do.</summary>
    public void AppendJailLog(string jail, string subtype, string text)
    {
        var dir = Path.Combine(Host.AppJailLogs, "jails", jail, subtype);
        Directory.CreateDirectory(dir);
        File.AppendAllText(Path.Combine(dir, DateTime.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".log"), text);
    }
}
