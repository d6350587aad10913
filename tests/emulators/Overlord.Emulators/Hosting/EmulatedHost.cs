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
    /// <param name="root">The state root; null makes (and Dispose deletes) a temp dir.</param>
    /// <param name="executable">
    /// The emulator the wrapper scripts run; null means the <c>overlord-emu</c> next to this assembly. Benches pass the
    /// natively compiled one (<c>build.ps1 bench</c> publishes it) so process start-up does not dominate the figures.
    /// </param>
    public static EmulatedHost Create(string? root = null, string? executable = null)
    {
        var owns = root is null;
        root ??= Path.Combine(Path.GetTempPath(), "overlord-emu-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..6]));
        var layout = new HostLayout(root);
        layout.CreateDirectories();
        var host = new EmulatedHost(layout, owns);
        host.WriteWrappers(executable);
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

    private void WriteWrappers(string? executable)
    {
        // The emulator is copied beside whatever references it (test and bench output folders); AppContext's base
        // directory is that folder, and also where a natively compiled overlord-emu runs from.
        var dir = AppContext.BaseDirectory;
        var apphost = executable ?? Path.Combine(dir, "overlord-emu");
        var dll = Path.Combine(dir, "overlord-emu.dll");
        string exec;
        if (executable is not null && !File.Exists(executable))
        {
            throw new FileNotFoundException("emulator executable not found", executable);
        }
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
