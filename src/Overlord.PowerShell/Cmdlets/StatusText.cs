using System.Text.Json;
using System.Text.Json.Nodes;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Turns the JSON parts of status records (VM, autoscale) into text for the output objects.</summary>
internal static class StatusText
{
    /// <summary>When a record written <paramref name="secondsAgo"/> before <paramref name="now"/> was written.</summary>
    public static DateTimeOffset? Since(double? secondsAgo, DateTimeOffset now) =>
        secondsAgo is { } s && double.IsFinite(s) ? now - TimeSpan.FromSeconds(s) : null;

    /// <summary><c>{type, message}</c> as <c>type: message</c>; a string as itself; anything else as compact JSON.</summary>
    public static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonObject o when o["type"] is JsonValue t && t.TryGetValue<string>(out var type) && o["message"] is JsonValue m && m.TryGetValue<string>(out var message)
            => $"{type}: {message}",
        JsonObject o when o.Count == 1 && o["exception"] is JsonObject inner => Text(inner),
        _ => node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
    };
}
