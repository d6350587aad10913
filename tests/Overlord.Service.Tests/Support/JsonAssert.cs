using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Overlord.Service.Tests.Support;

/// <summary>Compares JSON by value and key order (upstream's key order is part of the contract).</summary>
public static class JsonAssert
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Normalize(string json) => JsonNode.Parse(json)!.ToJsonString(Compact);

    public static void Equal(string expected, string actual) => Assert.Equal(Normalize(expected), Normalize(actual));

    /// <summary>The top-level keys in order.</summary>
    public static IReadOnlyList<string> Keys(string json) => [.. JsonNode.Parse(json)!.AsObject().Select(p => p.Key)];
}
