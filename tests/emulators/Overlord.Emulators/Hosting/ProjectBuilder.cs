using System.Text;
using Overlord.Emulators.Hosting;

namespace Overlord.Emulators;

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
