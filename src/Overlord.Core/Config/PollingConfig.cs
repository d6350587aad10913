using System.Text.Json.Serialization;

namespace Overlord.Core.Config;

/// <summary>The <c>polling</c> block: sleep times in seconds of each poller, before <see cref="Skew"/> is added.</summary>
public sealed record PollingConfig
{
    /// <summary>Adaptive polling: items nobody asks about are polled less and less often.</summary>
    [JsonPropertyName("adaptive")]
    public AdaptivePollingConfig Adaptive { get; init; } = new();

    /// <summary>rctl statistics of running jails.</summary>
    [JsonPropertyName("jail_stats")]
    public int JailStats { get; init; } = 12;

    /// <summary>AppJail jail information.</summary>
    [JsonPropertyName("jail_info")]
    public int JailInfo { get; init; } = 8;

    /// <summary>The Director project list.</summary>
    [JsonPropertyName("projects")]
    public int Projects { get; init; } = 6;

    /// <summary>The jail list.</summary>
    [JsonPropertyName("jails")]
    public int Jails { get; init; } = 4;

    /// <summary>AppJail configuration of running jails (devfs, expose, healthcheck, ...).</summary>
    [JsonPropertyName("jail_extras")]
    public int JailExtras { get; init; } = 6;

    /// <summary>Director project descriptions.</summary>
    [JsonPropertyName("project_info")]
    public int ProjectInfo { get; init; } = 9;

    /// <summary>The autoscaler.</summary>
    [JsonPropertyName("autoscale")]
    public int Autoscale { get; init; } = 15;

    /// <summary>Chain health checks; null turns the heartbeat off.</summary>
    [JsonPropertyName("heartbeat")]
    public int? Heartbeat { get; init; }

    /// <summary>Random extra seconds added to every sleep.</summary>
    [JsonPropertyName("skew")]
    public PollingSkew Skew { get; init; } = new(6, 10);

    /// <summary>Which fields the pollers collect.</summary>
    [JsonPropertyName("keywords")]
    public PollingKeywords Keywords { get; init; } = new();
}

/// <summary>The <c>polling.adaptive</c> block, in seconds.</summary>
public sealed record AdaptivePollingConfig
{
    /// <summary>An item asked about within this window is always polled.</summary>
    [JsonPropertyName("poll_window")]
    public int PollWindow { get; init; } = 180;

    /// <summary>Idle time after which an item starts being skipped.</summary>
    [JsonPropertyName("max_idle")]
    public int MaxIdle { get; init; } = 900;

    /// <summary>Extra idle time allowed per penalty step.</summary>
    [JsonPropertyName("idle_penalty")]
    public int IdlePenalty { get; init; } = 900;

    /// <summary>Upper bound of the idle limit; reaching it forces a poll.</summary>
    [JsonPropertyName("max_idle_penalty")]
    public int MaxIdlePenalty { get; init; } = 86400;
}

/// <summary><c>polling.skew</c>: a random number of seconds in [<paramref name="Min"/>, <paramref name="Max"/>] added to each sleep.</summary>
/// <param name="Min">Lower bound, 0 or more.</param>
/// <param name="Max">Upper bound, at least <paramref name="Min"/>.</param>
[JsonConverter(typeof(PollingSkewJsonConverter))]
public sealed record PollingSkew(int Min, int Max)
{
    /// <summary>A whole number of seconds in [Min, Max] (negative bounds read as 0), for one sleep.</summary>
    public int Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.Next(Math.Max(0, Min), Math.Max(Min, Max) + 1);
    }
}

/// <summary>
/// The <c>polling.keywords</c> block: the fields each poller collects, each a subset of
/// <see cref="PollingKeywordLists"/>. Every list defaults to the full allowed list. Upstream's default depends on
/// whether a <c>polling</c> block exists at all (a shorter built-in list without one, the full list with one); we
/// use the full list in both cases so that adding an unrelated polling setting cannot change what is collected.
/// </summary>
public sealed record PollingKeywords
{
    /// <summary>rctl resources.</summary>
    [JsonPropertyName("stats")]
    public IReadOnlyList<string> Stats { get; init; } = PollingKeywordLists.Stats;

    /// <summary>Jail information fields.</summary>
    [JsonPropertyName("jail")]
    public IReadOnlyList<string> Jail { get; init; } = PollingKeywordLists.Jail;

    /// <summary>devfs rule fields.</summary>
    [JsonPropertyName("devfs")]
    public IReadOnlyList<string> Devfs { get; init; } = PollingKeywordLists.Devfs;

    /// <summary>Port forwarding fields.</summary>
    [JsonPropertyName("expose")]
    public IReadOnlyList<string> Expose { get; init; } = PollingKeywordLists.Expose;

    /// <summary>Healthcheck fields.</summary>
    [JsonPropertyName("healthcheck")]
    public IReadOnlyList<string> Healthcheck { get; init; } = PollingKeywordLists.Healthcheck;

    /// <summary>Label fields.</summary>
    [JsonPropertyName("label")]
    public IReadOnlyList<string> Label { get; init; } = PollingKeywordLists.Label;

    /// <summary>rctl limit fields.</summary>
    [JsonPropertyName("limits")]
    public IReadOnlyList<string> Limits { get; init; } = PollingKeywordLists.Limits;

    /// <summary>NAT fields.</summary>
    [JsonPropertyName("nat")]
    public IReadOnlyList<string> Nat { get; init; } = PollingKeywordLists.Nat;

    /// <summary>Volume fields.</summary>
    [JsonPropertyName("volume")]
    public IReadOnlyList<string> Volume { get; init; } = PollingKeywordLists.Volume;

    /// <summary>fstab fields.</summary>
    [JsonPropertyName("fstab")]
    public IReadOnlyList<string> Fstab { get; init; } = PollingKeywordLists.Fstab;
}
