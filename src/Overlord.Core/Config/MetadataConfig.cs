using System.Text.Json.Serialization;

namespace Overlord.Core.Config;

/// <summary>The <c>metadata</c> block: where metadata and namespaces are stored, and how large a value may be.</summary>
public sealed record MetadataConfig
{
    /// <summary>The smallest <see cref="Size"/> accepted (1 KiB).</summary>
    public const int MinimumSize = 1024;

    /// <summary>Metadata directory (<c>&lt;prefix&gt;/metadata</c>), created on first write.</summary>
    [JsonPropertyName("location")]
    public required string Location { get; init; }

    /// <summary>Largest metadata value in bytes; a longer value is rejected.</summary>
    [JsonPropertyName("size")]
    public int Size { get; init; } = 1024 * 1024;

    /// <summary>Namespace directory (<c>&lt;prefix&gt;/namespace</c>), created on first write.</summary>
    [JsonPropertyName("namespaces")]
    public required string Namespaces { get; init; }
}
