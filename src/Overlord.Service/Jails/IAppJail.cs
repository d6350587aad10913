namespace Overlord.Service.Jails;

/// <summary>
/// AppJail as the node uses it: commands A1–A4 of the contract, plus the files AppJail keeps under
/// <c>appjail.jails</c> (the jail list and the <c>conf/</c> items are read from disk, as upstream does).
/// </summary>
public interface IAppJail
{
    /// <summary>Names of the directories in <c>appjail.jails</c>, sorted ordinally; empty when the directory is missing.</summary>
    IReadOnlyList<string> ListJails();

    /// <summary><c>appjail status -q J</c>: 0 running, 1 stopped, anything else absent.</summary>
    Task<JailStatus> GetStatusAsync(string jail, CancellationToken cancellationToken);

    /// <summary>
    /// <c>appjail jail get</c> for <paramref name="keywords"/>: keyword → value ("" for an empty value), or null when
    /// the jail does not exist (exit 66). Other non-zero codes throw <see cref="Tools.ToolFailedException"/>.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>?> GetInfoAsync(string jail, IReadOnlyList<string> keywords, CancellationToken cancellationToken);

    /// <summary><c>appjail cpuset J</c>: e.g. <c>0, 1</c>; null when the jail is not running (empty output) or absent.</summary>
    Task<string?> GetCpusetAsync(string jail, CancellationToken cancellationToken);

    /// <summary><c>appjail label get -I -l overlord.vm -- J value</c> exits 0: the jail holds a VM.</summary>
    Task<bool> IsVmJailAsync(string jail, CancellationToken cancellationToken);

    /// <summary>
    /// The entries of one <c>conf/</c> namespace of a jail (devfs, expose, healthcheck, limits, fstab, labels, nat,
    /// volumes), each a map of the requested upstream keywords to the file's value (null when missing or empty),
    /// plus the entry's id under upstream's key (<c>nro</c>, <c>name</c> or <c>network</c>). Null when the namespace
    /// directory does not exist. Ids come from directory names; a name that is not a valid id is skipped, never
    /// followed outside the jail's directory.
    /// </summary>
    IReadOnlyList<IReadOnlyDictionary<string, string?>>? ReadConfItems(string jail, JailConfItem item, IReadOnlyList<string> keywords);
}

/// <summary>What <c>appjail status -q</c> says about a jail.</summary>
public enum JailStatus
{
    /// <summary>Exit 0.</summary>
    Running,

    /// <summary>Exit 1: exists but not running.</summary>
    Stopped,

    /// <summary>Exit 66 or any other code: no such jail (or AppJail cannot tell).</summary>
    Absent,
}

/// <summary>The <c>conf/</c> namespaces upstream reads from files.</summary>
public enum JailConfItem
{
    /// <summary><c>conf/boot/devfs/&lt;nro&gt;/</c>.</summary>
    Devfs,

    /// <summary><c>conf/boot/expose/&lt;nro&gt;/</c> (keyword <c>rule</c> reads <c>pf-rule</c>).</summary>
    Expose,

    /// <summary><c>conf/boot/health/&lt;nro&gt;/</c>.</summary>
    Healthcheck,

    /// <summary><c>conf/boot/limits/&lt;nro&gt;/</c>.</summary>
    Limits,

    /// <summary><c>conf/boot/fstab/&lt;nro&gt;/</c> (keywords map to <c>fs_*</c> files).</summary>
    Fstab,

    /// <summary><c>conf/labels/&lt;name&gt;/</c>.</summary>
    Labels,

    /// <summary><c>conf/boot/nat/&lt;network&gt;/pf-nat.conf</c>.</summary>
    Nat,

    /// <summary><c>conf/volumes/&lt;name&gt;/</c>.</summary>
    Volumes,
}
