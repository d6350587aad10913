using System.Text.Json.Serialization;

namespace Overlord.Core.Config;

/// <summary>The <c>appjail</c> block: where AppJail keeps jails, logs and images.</summary>
public sealed record AppJailConfig
{
    /// <summary>Jail directories; the jail poller lists this directory.</summary>
    [JsonPropertyName("jails")]
    public string Jails { get; init; } = "/usr/local/appjail/jails";

    /// <summary>AppJail logs, served by the jail log route.</summary>
    [JsonPropertyName("logs")]
    public string Logs { get; init; } = "/var/log/appjail";

    /// <summary>Image cache.</summary>
    [JsonPropertyName("images")]
    public string Images { get; init; } = "/usr/local/appjail/cache/images";
}

/// <summary>
/// The <c>director</c> block. Its only key is <c>logs</c>; upstream meant that as a whitelist but wrote it as a
/// bare string (so any substring of "logs" passed), and we enforce the real whitelist.
/// </summary>
public sealed record DirectorConfig
{
    /// <summary>Director logs, <c>~/.director/logs</c> of the user running the node by default.</summary>
    [JsonPropertyName("logs")]
    public required string Logs { get; init; }
}
