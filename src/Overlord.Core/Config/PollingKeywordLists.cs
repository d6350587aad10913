namespace Overlord.Core.Config;

/// <summary>
/// The fields each poller may collect (upstream's <c>VALID_KEYWORDS</c>), in upstream's order. A
/// <c>polling.keywords.&lt;item&gt;</c> list must be a subset of its list here, and defaults to all of it.
/// </summary>
public static class PollingKeywordLists
{
    /// <summary>Fields of <c>appjail jail list</c>.</summary>
    public static IReadOnlyList<string> Jail { get; } =
    [
        "alt_name", "appjail_version", "arch", "boot", "container", "container_boot", "container_image",
        "container_pid", "created", "devfs_ruleset", "dirty", "ephemeral", "hostname", "inet", "inet6", "ip4", "ip6",
        "is_container", "locked", "name", "network_ip4", "networks", "path", "priority", "ports", "release_name",
        "status", "type", "version", "version_extra", "x11_display", "xephyr_pid",
    ];

    /// <summary>rctl resources.</summary>
    public static IReadOnlyList<string> Stats { get; } =
    [
        "cputime", "datasize", "stacksize", "coredumpsize", "memoryuse", "memorylocked", "maxproc", "openfiles",
        "vmemoryuse", "pseudoterminals", "swapuse", "nthr", "msgqqueued", "msgqsize", "nmsgq", "nsem", "nsemop",
        "nshm", "shmsize", "wallclock", "pcpu", "readbps", "writebps", "readiops", "writeiops",
    ];

    /// <summary>devfs rule fields.</summary>
    public static IReadOnlyList<string> Devfs { get; } = ["enabled", "name", "rule"];

    /// <summary>Port forwarding fields.</summary>
    public static IReadOnlyList<string> Expose { get; } =
        ["enabled", "name", "network_name", "hport", "jport", "protocol", "ext_if", "on_if", "rule"];

    /// <summary>Healthcheck fields.</summary>
    public static IReadOnlyList<string> Healthcheck { get; } =
    [
        "enabled", "health_cmd", "health_type", "interval", "kill_after", "name", "recover_cmd", "recover_kill_after",
        "recover_timeout", "recover_timeout_signal", "recover_total", "recover_type", "retries", "start_period",
        "status", "timeout", "timeout_signal",
    ];

    /// <summary>Label fields.</summary>
    public static IReadOnlyList<string> Label { get; } = ["value"];

    /// <summary>rctl limit fields.</summary>
    public static IReadOnlyList<string> Limits { get; } = ["action", "enabled", "name", "per", "resource", "rule"];

    /// <summary>NAT fields.</summary>
    public static IReadOnlyList<string> Nat { get; } = ["rule"];

    /// <summary>Volume fields.</summary>
    public static IReadOnlyList<string> Volume { get; } = ["name", "mountpoint", "type", "uid", "gid", "perm"];

    /// <summary>fstab fields.</summary>
    public static IReadOnlyList<string> Fstab { get; } =
        ["enabled", "name", "device", "mountpoint", "type", "options", "dump", "pass"];

    /// <summary>Every list by its key under <c>polling.keywords</c>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ByItem { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["jail"] = Jail,
            ["stats"] = Stats,
            ["devfs"] = Devfs,
            ["expose"] = Expose,
            ["healthcheck"] = Healthcheck,
            ["label"] = Label,
            ["limits"] = Limits,
            ["nat"] = Nat,
            ["volume"] = Volume,
            ["fstab"] = Fstab,
        };
}
