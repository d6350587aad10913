using System.Globalization;
using System.Text;
using System.Text.Json;
using Overlord.Emulators.AppJail;
using Overlord.Emulators.Cli;
using Overlord.Emulators.Faults;
using Overlord.Emulators.Hosting;
using Overlord.Emulators.Journal;

namespace Overlord.Emulators;

/// <summary>
/// One emulated FreeBSD host on disk: AppJail and Director directories in their real layouts, wrapper scripts in
/// <see cref="BinDirectory"/>, and emulator-private state under <c>.emu/</c>. Seeding methods write files at once.
/// </summary>
public sealed class EmulatedHost : IDisposable
{
    private readonly bool _ownsRoot;

    private EmulatedHost(HostLayout layout, bool ownsRoot)
    {
        Layout = layout;
        _ownsRoot = ownsRoot;
    }

    internal HostLayout Layout { get; }

    /// <summary>Creates (or re-opens) a host at <paramref name="root"/>; null makes a new temp dir, deleted by <see cref="Dispose"/>.</summary>
    public static EmulatedHost Create(string? root = null)
    {
        var owns = root is null;
        root ??= Path.Combine(Path.GetTempPath(), "overlord-emu-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..6]));
        var layout = new HostLayout(root);
        layout.CreateDirectories();
        var host = new EmulatedHost(layout, owns);
        host.WriteWrappers();
        return host;
    }

    /// <summary>The state root.</summary>
    public string Root => Layout.Root;

    /// <summary>Directory of the wrapper scripts (<c>appjail</c>, <c>appjail-director</c>, <c>rctl</c>, <c>sysctl</c>).</summary>
    public string BinDirectory => Layout.Bin;

    /// <summary>AppJail's JAILDIR (node config <c>appjail.jails</c>).</summary>
    public string JailsDirectory => Layout.Jails;

    /// <summary>AppJail's LOGDIR (node config <c>appjail.logs</c>).</summary>
    public string AppJailLogsDirectory => Layout.AppJailLogs;

    /// <summary>AppJail's IMAGESDIR (node config <c>appjail.images</c>).</summary>
    public string ImagesDirectory => Layout.Images;

    /// <summary>Director's <c>logs.directory</c> (node config <c>director.logs</c>).</summary>
    public string DirectorLogsDirectory => Layout.DirectorLogs;

    /// <summary>Director's <c>projects.directory</c>.</summary>
    public string DirectorProjectsDirectory => Layout.DirectorProjects;

    /// <summary>Director's <c>locks.directory</c>.</summary>
    public string DirectorLocksDirectory => Layout.DirectorLocks;

    /// <summary>Path of the wrapper script for <paramref name="tool"/>.</summary>
    public string ToolPath(string tool) => Path.Combine(Layout.Bin, tool);

    /// <summary>YAML lines for a node config pointing at this host.</summary>
    public string NodeConfigYaml()
    {
        static string Q(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
        var sb = new StringBuilder();
        sb.Append("appjail:\n");
        sb.Append($"  jails: {Q(JailsDirectory)}\n  logs: {Q(AppJailLogsDirectory)}\n  images: {Q(ImagesDirectory)}\n");
        sb.Append($"director:\n  logs: {Q(DirectorLogsDirectory)}\n");
        sb.Append("tools:\n");
        foreach (var t in new[] { "appjail", "appjail-director", "rctl", "sysctl" })
        {
            sb.Append($"  {t}: {Q(ToolPath(t))}\n");
        }
        return sb.ToString();
    }

    /// <summary>Seeds a built, stopped jail; chain calls to change it.</summary>
    public JailBuilder AddJail(string name)
    {
        if (!JailStore.IsValidName(name))
        {
            throw new ArgumentException($"invalid jail name '{name}'", nameof(name));
        }
        var store = new JailStore(Layout);
        store.Destroy(name);
        store.CreateSkeleton(name);
        store.MarkDone(name);
        return new JailBuilder(this, store, name);
    }

    /// <summary>Seeds a Director project (stored spec, state, service names) without running <c>up</c>.</summary>
    public ProjectBuilder AddProject(string name) => new(Layout, name);

    /// <summary>Sets the rctl usage of a jail (merged over the defaults).</summary>
    public void SetUsage(string jail, IReadOnlyDictionary<string, long> usage) =>
        new JailStore(Layout).WritePrivateFile(jail, "usage.json",
            JsonSerializer.Serialize(new Dictionary<string, long>(usage), EmuJsonContext.Default.DictionaryStringInt64));

    /// <summary>Adds a rule to <c>.emu/faults.json</c>.</summary>
    public void AddFault(FaultRule rule) => FaultStore.Add(Layout, rule);

    /// <summary>Removes every stored rule.</summary>
    public void ClearFaults() => FaultStore.Clear(Layout);

    /// <summary>All journal lines so far.</summary>
    public IReadOnlyList<JournalEntry> ReadJournal() => JournalWriter.Read(Layout);

    /// <summary>Writes <c>&lt;AJLOGS&gt;/type/entity/subtype/file</c>.</summary>
    public void WriteAppJailLog(string type, string entity, string subtype, string file, string content) =>
        ValueFiles.Write(Path.Combine(Layout.AppJailLogs, type, entity, subtype, file), content);

    /// <summary>Writes <c>&lt;DLOGS&gt;/stamp/service/file</c>.</summary>
    public void WriteDirectorLog(string stamp, string service, string file, string content) =>
        ValueFiles.Write(Path.Combine(Layout.DirectorLogs, stamp, service, file), content);

    /// <summary>Deletes the root if <see cref="Create"/> made it.</summary>
    public void Dispose()
    {
        if (_ownsRoot && Directory.Exists(Root))
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A hung emulator may still be writing; best effort.
            }
        }
    }

    private void WriteWrappers()
    {
        var dir = Path.GetDirectoryName(typeof(EmulatedHost).Assembly.Location)!;
        var apphost = Path.Combine(dir, "overlord-emu");
        var dll = Path.Combine(dir, "overlord-emu.dll");
        string exec;
        if (File.Exists(apphost))
        {
            exec = ShellWords.Quote(apphost);
        }
        else
        {
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (string.IsNullOrEmpty(dotnet))
            {
                var self = Environment.ProcessPath;
                dotnet = self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
            }
            exec = ShellWords.Quote(dotnet) + " " + ShellWords.Quote(dll);
        }
        foreach (var tool in new[] { "appjail", "appjail-director", "rctl", "sysctl" })
        {
            var path = ToolPath(tool);
            var tmp = path + ".tmp";
            File.WriteAllText(tmp, $"#!/bin/sh\nexec {exec} --root {ShellWords.Quote(Root)} {tool} \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(tmp, (UnixFileMode)Convert.ToInt32("755", 8));
            }
            File.Move(tmp, path, overwrite: true);
        }
    }
}

/// <summary>Fluent seeding of one jail; every call writes its files immediately (call <see cref="Ip4"/> before <see cref="Expose"/>/<see cref="Nat"/>).</summary>
public sealed class JailBuilder
{
    private readonly EmulatedHost _host;
    private readonly JailStore _store;

    internal JailBuilder(EmulatedHost host, JailStore store, string name)
    {
        _host = host;
        _store = store;
        Name = name;
    }

    /// <summary>The jail name.</summary>
    public string Name { get; }

    /// <summary>Marks the jail running.</summary>
    public JailBuilder Running()
    {
        _store.SetRunning(Name);
        return this;
    }

    /// <summary>Marks the jail stopped.</summary>
    public JailBuilder Stopped()
    {
        _store.ClearRunning(Name);
        return this;
    }

    /// <summary>Removes <c>.done</c>.</summary>
    public JailBuilder Dirty()
    {
        ValueFiles.Delete(Path.Combine(_store.Dir(Name), ".done"));
        return this;
    }

    /// <summary>Makes the jail ephemeral.</summary>
    public JailBuilder Ephemeral()
    {
        ConfWriters.Ephemeral(_store, Name);
        return this;
    }

    /// <summary>Sets <c>jail_type</c>.</summary>
    public JailBuilder Type(string type)
    {
        _store.SetConfig(Name, "jail_type", type);
        return this;
    }

    /// <summary>Sets <c>osversion</c>.</summary>
    public JailBuilder Version(string version)
    {
        _store.SetConfig(Name, "osversion", version);
        return this;
    }

    /// <summary>Joins a virtual network with this address.</summary>
    public JailBuilder Ip4(string address, string network = "ajnet")
    {
        _store.AddNetwork(Name, network, address);
        return this;
    }

    /// <summary>Adds a label.</summary>
    public JailBuilder Label(string name, string value)
    {
        ConfWriters.Label(_store, Name, name, value);
        return this;
    }

    /// <summary>Adds a port forwarding entry.</summary>
    public JailBuilder Expose(int hport, int jport, string proto = "tcp", string onIf = "em0", string extIf = "em0", string? network = null)
    {
        ConfWriters.Expose(_store, Name, hport.ToString(CultureInfo.InvariantCulture), jport.ToString(CultureInfo.InvariantCulture),
            proto, extIf, onIf, network);
        return this;
    }

    /// <summary>Adds a healthcheck; <paramref name="status"/> null leaves it absent (never run).</summary>
    public JailBuilder Healthcheck(string? status = "healthy", string? healthCmd = null, string? recoverCmd = null, int? interval = null)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        if (status is not null)
        {
            d["status"] = status;
        }
        if (healthCmd is not null)
        {
            d["health_cmd"] = healthCmd;
        }
        if (recoverCmd is not null)
        {
            d["recover_cmd"] = recoverCmd;
        }
        if (interval is { } i)
        {
            d["interval"] = i.ToString(CultureInfo.InvariantCulture);
        }
        HealthcheckWriter.Write(_store, Name, d);
        return this;
    }

    /// <summary>Adds an rctl limit, e.g. <c>memoryuse:deny=512M</c>.</summary>
    public JailBuilder Limit(string rule)
    {
        ConfWriters.Limit(_store, Name, rule);
        return this;
    }

    /// <summary>Adds an fstab entry.</summary>
    public JailBuilder Fstab(string device, string mountpoint, string type = "nullfs", string options = "rw")
    {
        ConfWriters.Fstab(_store, Name, device, mountpoint, type, options);
        return this;
    }

    /// <summary>Adds a NAT rule for a network (null → the default rule for the jail's address).</summary>
    public JailBuilder Nat(string network = "ajnet", string? rule = null)
    {
        ConfWriters.Nat(_store, Name, network, rule);
        return this;
    }

    /// <summary>Adds a volume.</summary>
    public JailBuilder Volume(string name, string mountpoint, string type = "<pseudofs>", int? uid = null, int? gid = null, string? perm = null)
    {
        ConfWriters.Volume(_store, Name, name, mountpoint, type, uid?.ToString(CultureInfo.InvariantCulture),
            gid?.ToString(CultureInfo.InvariantCulture), perm);
        return this;
    }

    /// <summary>Adds a devfs rule.</summary>
    public JailBuilder Devfs(string rule)
    {
        ConfWriters.Devfs(_store, Name, rule);
        return this;
    }

    /// <summary>Sets what <c>appjail cpuset</c> prints while running.</summary>
    public JailBuilder Cpuset(string cpus)
    {
        _store.WritePrivateFile(Name, "cpuset", cpus + "\n");
        return this;
    }

    /// <summary>Sets rctl usage.</summary>
    public JailBuilder Usage(IReadOnlyDictionary<string, long> usage)
    {
        _host.SetUsage(Name, usage);
        return this;
    }

    /// <summary>Ends the chain (files are already written).</summary>
    public EmulatedHost Build() => _host;
}

/// <summary>Fluent seeding of one Director project; every call writes at once.</summary>
public sealed class ProjectBuilder
{
    private readonly HostLayout _layout;
    private readonly string _dir;
    private readonly List<(string Service, string Jail)> _services = [];

    internal ProjectBuilder(HostLayout layout, string name)
    {
        _layout = layout;
        Name = name;
        _dir = Path.Combine(layout.DirectorProjects, name);
        Directory.CreateDirectory(_dir);
        WriteSpec();
    }

    /// <summary>The project name.</summary>
    public string Name { get; }

    /// <summary>Writes the <c>state</c> file (done, failed, unfinished, destroying); null removes it.</summary>
    public ProjectBuilder State(string? state)
    {
        var f = Path.Combine(_dir, "state");
        if (state is null)
        {
            ValueFiles.Delete(f);
        }
        else
        {
            ValueFiles.Write(f, state);
        }
        return this;
    }

    /// <summary>Adds a service bound to a jail (written as the service's <c>name</c> and cached in <c>S/name</c>).</summary>
    public ProjectBuilder Service(string service, string jail)
    {
        _services.Add((service, jail));
        ValueFiles.Write(Path.Combine(_dir, service, "name"), jail);
        WriteSpec();
        return this;
    }

    /// <summary>Creates the lock file.</summary>
    public ProjectBuilder Locked()
    {
        ValueFiles.Write(Path.Combine(_layout.DirectorLocks, Name, "lock"), "");
        return this;
    }

    /// <summary>Sets <c>last_log</c> to <c>&lt;DLOGS&gt;/stamp</c>.</summary>
    public ProjectBuilder LastLog(string stamp)
    {
        ValueFiles.Write(Path.Combine(_dir, "last_log"), Path.Combine(_layout.DirectorLogs, stamp));
        return this;
    }

    private void WriteSpec()
    {
        var sb = new StringBuilder(_services.Count == 0 ? "services: {}\n" : "services:\n");
        foreach (var (s, j) in _services)
        {
            sb.Append($"  {s}:\n    name: {j}\n");
        }
        var f = Path.Combine(_dir, "appjail-director.yml");
        ValueFiles.Delete(f);
        ValueFiles.Write(f, sb.ToString());
    }
}
