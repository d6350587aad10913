using System.Text.Json;
using System.Text.Json.Nodes;

namespace Overlord.Service.Api;

/// <summary>
/// Upstream's <c>get_json_argument</c> over the body <see cref="RequestGate"/> has already read and checked (a JSON
/// object or nothing): a missing argument is 400 <c>`name` is required but hasn't been specified.</c>, a value of
/// the wrong JSON type is 400 <c>'name' has an unexpected value type.</c> (upstream coerces with <c>str()</c>/<c>list()</c>
/// instead; we do not guess).
/// </summary>
internal static class BodyArguments
{
    /// <summary>The 400 message for a missing argument.</summary>
    public static string Missing(string name) => $"`{name}` is required but hasn't been specified.";

    /// <summary>The 400 message for an argument of the wrong type.</summary>
    public static string WrongType(string name) => $"'{name}' has an unexpected value type.";

    /// <summary>A string argument, or the 400 message.</summary>
    public static string? String(HttpContext context, string name, out string? error)
    {
        if (!TryGet(context, name, out var node, out error))
        {
            return null;
        }
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                return value.GetValue<string>();
            }
            catch (InvalidOperationException)
            {
                // not representable text
            }
        }
        error = WrongType(name);
        return null;
    }

    /// <summary>A list argument, or the 400 message.</summary>
    public static JsonArray? Array(HttpContext context, string name, out string? error)
    {
        if (!TryGet(context, name, out var node, out error))
        {
            return null;
        }
        if (node is JsonArray array)
        {
            return array;
        }
        error = WrongType(name);
        return null;
    }

    private static bool TryGet(HttpContext context, string name, out JsonNode? node, out string? error)
    {
        (node, error) = (null, null);
        var bytes = context.Features.Get<BufferedRequestBody>()?.Bytes;
        JsonObject? body = null;
        if (bytes is { Length: > 0 })
        {
            try
            {
                body = JsonNode.Parse(bytes) as JsonObject;
            }
            catch (JsonException)
            {
                body = null; // the gate refuses bodies that are not objects; nothing to read here
            }
        }
        if (body is null || !body.TryGetPropertyValue(name, out node))
        {
            error = Missing(name);
            return false;
        }
        return true;
    }
}
