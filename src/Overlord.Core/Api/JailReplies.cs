using System.Text.Json;
using System.Text.Json.Serialization;

namespace Overlord.Core.Api;

// Jail routes of upstream's serve.py (JailsHandler … JailVolumesHandler). Key names and order are upstream's:
// "status_code" first, then the one payload key.

/// <summary><c>GET /v1/jails</c>: the jails of the host.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Jails">Jail names.</param>
public sealed record JailsReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("jails")] IReadOnlyList<string> Jails);

/// <summary><c>GET /v1/stats</c>: each rctl resource summed over the jails that have statistics.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Stats">Resource → sum; empty when no jail has statistics.</param>
public sealed record ServerStatsReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("stats")] IReadOnlyDictionary<string, long> Stats);

/// <summary><c>GET /v1/jail/stats/{jail}</c>: rctl usage of a running jail (<c>{}</c> when stopped or never polled).</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Stats">Resource → value, in rctl's order.</param>
public sealed record JailStatsReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("stats")] IReadOnlyDictionary<string, long> Stats);

/// <summary><c>GET /v1/jail/info/{jail}</c>: the configured jail keywords (<c>{}</c> when never polled).</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Info">Keyword → value as <c>appjail jail get</c> prints it.</param>
public sealed record JailInfoReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("info")] IReadOnlyDictionary<string, string> Info);

/// <summary><c>GET /v1/jail/cpuset/{jail}</c>: the CPU set of a running jail, null when unknown.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Cpuset">E.g. <c>0, 1</c>.</param>
public sealed record JailCpusetReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("cpuset")] string? Cpuset);

/// <summary>
/// Reads and writes the entries of a jail's <c>conf/</c> item (each a map of keyword → value, null when missing, plus
/// its id key). Upstream answers <c>{}</c>, not <c>[]</c>, for an item never polled; null stands for that here.
/// </summary>
public sealed class ConfItemsConverter : JsonConverter<IReadOnlyList<IReadOnlyDictionary<string, string?>>?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override IReadOnlyList<IReadOnlyDictionary<string, string?>>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType is JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType is JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        var list = new List<IReadOnlyDictionary<string, string?>>();
        while (reader.Read() && reader.TokenType is not JsonTokenType.EndArray)
        {
            var entry = new Dictionary<string, string?>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType is not JsonTokenType.EndObject)
            {
                var key = reader.GetString()!;
                reader.Read();
                entry[key] = reader.TokenType is JsonTokenType.Null ? null : reader.TokenType is JsonTokenType.String ? reader.GetString() : JsonDocument.ParseValue(ref reader).RootElement.GetRawText();
            }
            list.Add(entry);
        }
        return list;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<IReadOnlyDictionary<string, string?>>? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
            return;
        }
        writer.WriteStartArray();
        foreach (var entry in value)
        {
            writer.WriteStartObject();
            foreach (var (key, text) in entry)
            {
                writer.WriteString(key, text);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}

/// <summary>
/// <c>GET /v1/jail/{item}/{jail}</c> for the <c>conf/</c> items (devfs, expose, healthcheck, limits, fstab, labels, nat,
/// volumes): one record per item because upstream names the payload key after the item.
/// </summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Devfs">Entries; null (<c>{}</c> on the wire) when never polled.</param>
public sealed record JailDevfsReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("devfs"), JsonConverter(typeof(ConfItemsConverter))] IReadOnlyList<IReadOnlyDictionary<string, string?>>? Devfs);

/// <summary><c>GET /v1/jail/expose/{jail}</c>.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Expose">Entries; null (<c>{}</c> on the wire) when never polled.</param>
public sealed record JailExposeReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("expose"), JsonConverter(typeof(ConfItemsConverter))] IReadOnlyList<IReadOnlyDictionary<string, string?>>? Expose);

/// <summary><c>GET /v1/jail/healthcheck/{jail}</c>.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Healthcheck">Entries; null (<c>{}</c> on the wire) when never polled.</param>
public sealed record JailHealthcheckReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("healthcheck"), JsonConverter(typeof(ConfItemsConverter))] IReadOnlyList<IReadOnlyDictionary<string, string?>>? Healthcheck);

/// <summary><c>GET /v1/jail/limits/{jail}</c>.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Limits">Entries; null (<c>{}</c> on the wire) when never polled.</param>
public sealed record JailLimitsReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("limits"), JsonConverter(typeof(ConfItemsConverter))] IReadOnlyList<IReadOnlyDictionary<string, string?>>? Limits);

/// <summary><c>GET /v1/jail/fstab/{jail}</c>.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Fstab">Entries; null (<c>{}</c> on the wire) when never polled.</param>
public sealed record JailFstabReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("fstab"), JsonConverter(typeof(ConfItemsConverter))] IReadOnlyList<IReadOnlyDictionary<string, string?>>? Fstab);

/// <summary><c>GET /v1/jail/labels/{jail}</c>.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Labels">Entries; null (<c>{}</c> on the wire) when never polled.</param>
public sealed record JailLabelsReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("labels"), JsonConverter(typeof(ConfItemsConverter))] IReadOnlyList<IReadOnlyDictionary<string, string?>>? Labels);

/// <summary><c>GET /v1/jail/nat/{jail}</c>.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Nat">Entries; null (<c>{}</c> on the wire) when never polled.</param>
public sealed record JailNatReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("nat"), JsonConverter(typeof(ConfItemsConverter))] IReadOnlyList<IReadOnlyDictionary<string, string?>>? Nat);

/// <summary><c>GET /v1/jail/volumes/{jail}</c>.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Volumes">Entries; null (<c>{}</c> on the wire) when never polled.</param>
public sealed record JailVolumesReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("volumes"), JsonConverter(typeof(ConfItemsConverter))] IReadOnlyList<IReadOnlyDictionary<string, string?>>? Volumes);

/// <summary><c>GET /v1/jails/logs</c>: AppJail's log tree, type → entity → subtype → file names.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Logs">The tree; empty when the log directory does not exist.</param>
public sealed record JailsLogsReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("logs")] IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>> Logs);

/// <summary><c>GET /v1/jail/log/…</c> and <c>GET /v1/projects/log/…</c>: one log, ANSI escapes stripped.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="LogContent">The text, lines joined with <c>\n</c>, without the final newline.</param>
public sealed record LogContentReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("log_content")] string LogContent);
