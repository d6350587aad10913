using System.Text.Json.Serialization;

namespace Overlord.Core.Config;

/// <summary>
/// The <c>autodisable</c> block (smart timeouts): after <see cref="Failures"/> failures a child chain is skipped for
/// <see cref="Interval"/> plus a penalty that grows by <see cref="Increase"/> per further failure, up to
/// <see cref="MaxIncrease"/>. Times are seconds.
/// </summary>
public sealed record AutodisableConfig
{
    /// <summary>Hide disabled chains from the chain list.</summary>
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    /// <summary>Failures before a chain is disabled.</summary>
    [JsonPropertyName("failures")]
    public int Failures { get; init; } = 2;

    /// <summary>Base time a chain stays disabled.</summary>
    [JsonPropertyName("interval")]
    public int Interval { get; init; } = 60;

    /// <summary>Penalty added per further failure.</summary>
    [JsonPropertyName("increase")]
    public int Increase { get; init; } = 60;

    /// <summary>Largest penalty. Upstream never validates this key (its check reads <c>max_increase</c>); we do.</summary>
    [JsonPropertyName("max-increase")]
    public int MaxIncrease { get; init; } = 1800;

    /// <summary>Refuse calls to a disabled chain without connecting.</summary>
    [JsonPropertyName("strict")]
    public bool Strict { get; init; } = true;
}
