using System.Text.Json.Serialization;

namespace Overlord.Core.Config;

/// <summary>
/// The <c>tools</c> block, our extension: which executables the node runs and how hard it stops them. Upstream has no
/// such block and finds <c>appjail</c>, <c>appjail-director</c>, <c>rctl</c> and <c>sysctl</c> on <c>PATH</c>, which
/// is what the defaults do. Each value is a path or a bare name looked up on <c>PATH</c>.
/// </summary>
public sealed record ToolsConfig
{
    /// <summary>The default of <see cref="KillGrace"/>, in seconds.</summary>
    public const int DefaultKillGrace = 10;

    /// <summary>The default of <see cref="ReadTimeout"/>, in seconds.</summary>
    public const int DefaultReadTimeout = 60;

    /// <summary>AppJail.</summary>
    [JsonPropertyName("appjail")]
    public string AppJail { get; init; } = "appjail";

    /// <summary>AppJail Director.</summary>
    [JsonPropertyName("appjail-director")]
    public string Director { get; init; } = "appjail-director";

    /// <summary>FreeBSD's resource-limits tool.</summary>
    [JsonPropertyName("rctl")]
    public string Rctl { get; init; } = "rctl";

    /// <summary>FreeBSD's kernel-state tool.</summary>
    [JsonPropertyName("sysctl")]
    public string Sysctl { get; init; } = "sysctl";

    /// <summary>
    /// Seconds between SIGTERM and SIGKILL when a run is stopped (time limit or cancellation). Upstream only sends
    /// SIGTERM, so a tool that ignores it keeps running.
    /// </summary>
    [JsonPropertyName("kill_grace")]
    public int KillGrace { get; init; } = DefaultKillGrace;

    /// <summary>
    /// Seconds a read-only call (status, jail get, cpuset, rctl, sysctl, Director ls/describe/check/cancel) may run
    /// before it is stopped, so a hung tool never wedges a poller. Deployments are bounded by <c>execution_time</c>.
    /// </summary>
    [JsonPropertyName("read_timeout")]
    public int ReadTimeout { get; init; } = DefaultReadTimeout;
}
