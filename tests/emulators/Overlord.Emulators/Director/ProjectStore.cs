using System.Security.Cryptography;
using Overlord.Emulators.Hosting;

namespace Overlord.Emulators.Director;

/// <summary>
/// Director's per-project files (§3.9): <c>&lt;DPROJ&gt;/P/{appjail-director.yml,state,pid,ppid,last_log}</c>,
/// <c>P/S/{name,fail,makejail_mtime}</c> and the lock <c>&lt;DLOCKS&gt;/P/lock</c>. Key files have no trailing newline.
/// </summary>
internal sealed class ProjectStore(DirectorConfig config, string project)
{
    public const string SpecFile = "appjail-director.yml";

    /// <summary><c>^[a-zA-Z0-9._-]+$</c> by hand (every Director call checks it; the regex engine costs start-up time).</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    public string Name { get; } = project;
    public string Dir => Path.Combine(config.Projects, Name);
    public string LockFile => Path.Combine(config.Locks, Name, "lock");
    public string StoredSpec => Path.Combine(Dir, SpecFile);
    public bool Exists => Directory.Exists(Dir);
    public bool Locked => File.Exists(LockFile);

    public string? Key(string key) => ValueFiles.Read(Path.Combine(Dir, key));

    public void SetKey(string key, string value) => ValueFiles.Write(Path.Combine(Dir, key), value);

    public void DeleteKey(string key) => ValueFiles.Delete(Path.Combine(Dir, key));

    public string? ServiceKey(string service, string key) => ValueFiles.Read(Path.Combine(Dir, service, key));

    public void SetServiceKey(string service, string key, string value) => ValueFiles.Write(Path.Combine(Dir, service, key), value);

    public void DeleteServiceKey(string service, string key) => ValueFiles.Delete(Path.Combine(Dir, service, key));

    public bool HasServiceKey(string service, string key) => File.Exists(Path.Combine(Dir, service, key));

    public void DeleteServiceDir(string service)
    {
        var d = Path.Combine(Dir, service);
        if (Directory.Exists(d))
        {
            Directory.Delete(d, recursive: true);
        }
    }

    /// <summary>Creates the lock file exclusively; false when it already exists.</summary>
    public bool TryLock()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LockFile)!);
        try
        {
            using var _ = new FileStream(LockFile, FileMode.CreateNew, FileAccess.Write);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Unlock() => ValueFiles.Delete(LockFile);

    public string LockedMessage() =>
        $"{Name}: Project locked. Run `rm -f {LockFile}` if you are sure that no other process is locking this project.";

    /// <summary>Replaces the stored copy (mode 0440, as Director leaves it).</summary>
    public void StoreSpec(string text)
    {
        Directory.CreateDirectory(Dir);
        if (File.Exists(StoredSpec))
        {
            ValueFiles.Delete(StoredSpec);
        }
        ValueFiles.Write(StoredSpec, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(StoredSpec, UnixFileMode.UserRead | UnixFileMode.GroupRead);
        }
    }

    /// <summary>The jail of a service: the spec's <c>name</c>, else the cached random name, else a new one (persisted).</summary>
    public string JailName(ServiceSpec s)
    {
        if (s.Jail is { } fixedName)
        {
            // Cached for fixed names too: a rename must still find (and destroy) the old jail.
            SetServiceKey(s.Name, "name", fixedName);
            return fixedName;
        }
        if (ServiceKey(s.Name, "name") is { Length: > 0 } cached)
        {
            return cached;
        }
        var name = RandomName();
        SetServiceKey(s.Name, "name", name);
        return name;
    }

    /// <summary><c>token_hex(5)</c>, redrawn when all digits (a jail name must not look like a number).</summary>
    public static string RandomName()
    {
        while (true)
        {
            var s = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
            if (!s.All(char.IsAsciiDigit))
            {
                return s;
            }
        }
    }
}
