namespace Overlord.Emulators.Hosting;

/// <summary>
/// Where everything of one emulated host lives. The public directories use the real tools' layouts (the node reads
/// them directly); <c>.emu/</c> holds what only the emulator needs (running markers, usage, faults, journal).
/// </summary>
internal sealed class HostLayout
{
    public HostLayout(string root)
    {
        Root = Path.GetFullPath(root);
        Jails = Path.Combine(Root, "jails");
        AppJailLogs = Path.Combine(Root, "logs", "appjail");
        Images = Path.Combine(Root, "images");
        DirectorProjects = Path.Combine(Root, "director", "projects");
        DirectorLogs = Path.Combine(Root, "director", "logs");
        DirectorLocks = Path.Combine(Root, "director", "locks");
        Bin = Path.Combine(Root, "bin");
        Emu = Path.Combine(Root, ".emu");
    }

    public string Root { get; }
    public string Jails { get; }
    public string AppJailLogs { get; }
    public string Images { get; }
    public string DirectorProjects { get; }
    public string DirectorLogs { get; }
    public string DirectorLocks { get; }
    public string Bin { get; }
    public string Emu { get; }

    public string HostLockFile => Path.Combine(Emu, "host.lock");
    public string JournalFile => Path.Combine(Emu, "journal.jsonl");
    public string JournalLockFile => Path.Combine(Emu, "journal.lock");
    public string FaultsFile => Path.Combine(Emu, "faults.json");

    /// <summary><c>&lt;JAILDIR&gt;/J</c>.</summary>
    public string JailDir(string jail) => Path.Combine(Jails, jail);

    /// <summary>Emulator-private per-jail state (running marker, usage, networks, start defaults …).</summary>
    public string EmuJailDir(string jail) => Path.Combine(Emu, "jails", jail);

    /// <summary>True when the layout has been created (by <c>init</c> or <see cref="EmulatedHost.Create"/>).</summary>
    public bool IsInitialized => Directory.Exists(Emu);

    /// <summary>Creates every directory; idempotent.</summary>
    public void CreateDirectories()
    {
        foreach (var d in new[] { Jails, AppJailLogs, Images, DirectorProjects, DirectorLogs, DirectorLocks, Bin, Emu,
                     Path.Combine(Emu, "jails") })
        {
            Directory.CreateDirectory(d);
        }
    }
}
