using System.Text;
using Overlord.Service.Tests.Support;

namespace Overlord.Service.Tests.Metadata;

/// <summary>Raw requests with a token and an optional JSON body: status, body text and content type.</summary>
public static class MetaHttp
{
    public static async Task<(int Status, string Body, string? ContentType)> SendAsync(TestNode node, string method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.TryAddWithoutValidation("Authentication", "Bearer " + node.Token);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        var response = await node.Raw().SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A node of its own, with an optional extra config block.</summary>
    public static Task<TestNode> NodeAsync(string? extraYaml = null) =>
        TestNode.StartAsync(new TestNodeSpec { Name = "meta", ExtraYaml = extraYaml }, TestContext.Current.CancellationToken);

    /// <summary>Upstream's error body, escaped as the node escapes.</summary>
    public static string ErrorBody(int status, string message) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object> { ["status_code"] = status, ["message"] = message }, Relaxed);

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string MetadataDir(TestNode node) => Path.Combine(node.Directory, "metadata");

    public static string NamespaceDir(TestNode node) => Path.Combine(node.Directory, "namespace");
}
