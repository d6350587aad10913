using System.Globalization;
using Overlord.Emulators.AppJail;
using Overlord.Emulators.Hosting;

namespace Overlord.Emulators;

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
