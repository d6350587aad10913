using System.Runtime.Versioning;
using System.Text.Json;
using Overlord.Core.Api;
using Overlord.Service.Tests.Support;
using static Overlord.Service.Tests.Metadata.MetaHttp;

namespace Overlord.Service.Tests.Metadata;

[SupportedOSPlatform("linux")]
public sealed class MetadataRoutesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/v1/metadata")]
    [InlineData("/v1/metadata/")]
    public async Task ListIsEmptyBeforeTheDirectoryExists(string path)
    {
        await using var node = await NodeAsync();
        Assert.False(Directory.Exists(MetadataDir(node)));

        var (status, body, type) = await SendAsync(node, "GET", path);

        Assert.Equal(200, status);
        Assert.Equal("application/json", type);
        Assert.Equal("""{"status_code":200,"metadata":[]}""", body);
    }

    [Fact]
    public async Task EveryRouteAnswersUpstreamsBodies()
    {
        await using var node = await NodeAsync();

        Assert.Equal((404, """{"status_code":404,"message":"Metadata cannot be found."}"""), Pick(await SendAsync(node, "GET", "/v1/metadata/web.conf")));
        Assert.Equal((404, ""), Pick(await SendAsync(node, "HEAD", "/v1/metadata/web.conf")));
        Assert.Equal((404, """{"status_code":404,"message":"Metadata cannot be found."}"""), Pick(await SendAsync(node, "PUT", "/v1/metadata/web.conf", """{"value": "x"}""")));
        Assert.Equal((404, """{"status_code":404,"message":"Metadata cannot be found."}"""), Pick(await SendAsync(node, "DELETE", "/v1/metadata/web.conf")));

        Assert.Equal((201, """{"status_code":201,"message":"Metadata 'web.conf' has been successfully created."}"""),
            Pick(await SendAsync(node, "POST", "/v1/metadata/web.conf", """{"value": "listen 80;\nÿ ü 'q' \"d\""}""")));
        Assert.Equal((200, ""), Pick(await SendAsync(node, "HEAD", "/v1/metadata/web.conf")));
        Assert.Equal((200, """{"status_code":200,"metadata":"listen 80;\nÿ ü 'q' \"d\""}"""), Pick(await SendAsync(node, "GET", "/v1/metadata/web.conf")));
        Assert.Equal((200, """{"status_code":200,"metadata":["web.conf"]}"""), Pick(await SendAsync(node, "GET", "/v1/metadata")));

        // POST on an existing key: the same 201, nothing written.
        Assert.Equal((201, """{"status_code":201,"message":"Metadata 'web.conf' has been successfully created."}"""),
            Pick(await SendAsync(node, "POST", "/v1/metadata/web.conf", """{"value": "other"}""")));
        Assert.Equal("listen 80;\nÿ ü 'q' \"d\"", await File.ReadAllTextAsync(Path.Combine(MetadataDir(node), "web.conf"), Ct));

        Assert.Equal((200, """{"status_code":200,"message":"Metadata 'web.conf' has been successfully updated."}"""),
            Pick(await SendAsync(node, "PUT", "/v1/metadata/web.conf", """{"value": "v2"}""")));
        Assert.Equal((200, """{"status_code":200,"metadata":"v2"}"""), Pick(await SendAsync(node, "GET", "/v1/metadata/web.conf")));

        Assert.Equal((204, ""), Pick(await SendAsync(node, "DELETE", "/v1/metadata/web.conf")));
        Assert.Equal((404, ""), Pick(await SendAsync(node, "HEAD", "/v1/metadata/web.conf")));
        Assert.Equal((200, """{"status_code":200,"metadata":[]}"""), Pick(await SendAsync(node, "GET", "/v1/metadata/")));
    }

    [Fact]
    public async Task StorageIsPrivateAndTheListIsSorted()
    {
        await using var node = await NodeAsync();
        foreach (var key in new[] { "b", "a-b", "A", "z_a9" })
        {
            Assert.Equal(201, (await SendAsync(node, "POST", $"/v1/metadata/{key}", """{"value": ""}""")).Status);
        }

        Assert.Equal((200, """{"status_code":200,"metadata":["A","a-b","b","z_a9"]}"""), Pick(await SendAsync(node, "GET", "/v1/metadata")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(MetadataDir(node)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(MetadataDir(node), "b")));
        Assert.Equal((200, """{"status_code":200,"metadata":""}"""), Pick(await SendAsync(node, "GET", "/v1/metadata/b")));
    }

    [Theory]
    [InlineData("POST", "{}", "`value` is required but hasn't been specified.")]
    [InlineData("POST", "", "`value` is required but hasn't been specified.")]
    [InlineData("POST", """{"value": 5}""", "'value' has an unexpected value type.")]
    [InlineData("POST", """{"value": null}""", "'value' has an unexpected value type.")]
    [InlineData("POST", """{"value": ["a"]}""", "'value' has an unexpected value type.")]
    [InlineData("PUT", """{"other": "x"}""", "`value` is required but hasn't been specified.")]
    [InlineData("PUT", """{"value": true}""", "'value' has an unexpected value type.")]
    public async Task BodyArgumentsAreChecked(string method, string json, string message)
    {
        await using var node = await NodeAsync();
        if (method == "PUT")
        {
            await SendAsync(node, "POST", "/v1/metadata/k", """{"value": "kept"}""");
        }

        var (status, body, _) = await SendAsync(node, method, "/v1/metadata/k", json.Length == 0 ? null : json);

        Assert.Equal(400, status);
        Assert.Equal(JsonSerializer.Serialize(new { status_code = 400, message }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), body);
        Assert.Equal(method == "PUT" ? ["k"] : [], Directory.Exists(MetadataDir(node)) ? Directory.GetFiles(MetadataDir(node)).Select(Path.GetFileName) : []);
    }

    [Theory]
    [InlineData("/v1/metadata/9abc")]
    [InlineData("/v1/metadata/a..b")]
    [InlineData("/v1/metadata/a%2Fb")]
    [InlineData("/v1/metadata/a%0A")]
    [InlineData("/v1/metadata/.hidden")]
    [InlineData("/v1/metadata/a/")]
    [InlineData("/v1/metadata/a/b")]
    public async Task InvalidKeysHaveNoRoute(string path)
    {
        await using var node = await NodeAsync();

        var (status, body, _) = await SendAsync(node, "POST", path, """{"value": "x"}""");

        Assert.Equal(404, status);
        Assert.Equal("""{"status_code":404,"message":"Not Found"}""", body);
        Assert.False(Directory.Exists(MetadataDir(node)));
    }

    [Theory]
    [InlineData("PATCH", "/v1/metadata/k")]
    [InlineData("POST", "/v1/metadata")]
    [InlineData("HEAD", "/v1/metadata")]
    [InlineData("DELETE", "/v1/metadata/")]
    public async Task OtherMethodsAre405(string method, string path)
    {
        await using var node = await NodeAsync();

        var (status, _, _) = await SendAsync(node, method, path);

        Assert.Equal(405, status);
    }

    [Fact]
    public async Task RoutesNeedAToken()
    {
        await using var node = await NodeAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/metadata/k") { Content = new StringContent("""{"value": "x"}""") };

        var response = await node.Raw().SendAsync(request, Ct);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.False(Directory.Exists(MetadataDir(node)));
    }

    [Fact]
    public async Task SizeLimitIs413WithUpstreamsMessageAndTheBoundaryIsAllowed()
    {
        await using var node = await NodeAsync("metadata: {size: 1024}");
        var exact = new string('x', 1024);
        var over = new string('x', 1025);

        Assert.Equal((413, """{"status_code":413,"message":"big: metadata too long - 1025 > 1024"}"""),
            Pick(await SendAsync(node, "POST", "/v1/metadata/big", JsonSerializer.Serialize(new { value = over }))));
        Assert.False(Directory.Exists(MetadataDir(node)));

        Assert.Equal(201, (await SendAsync(node, "POST", "/v1/metadata/big", JsonSerializer.Serialize(new { value = exact }))).Status);
        Assert.Equal((413, """{"status_code":413,"message":"big: metadata too long - 1025 > 1024"}"""),
            Pick(await SendAsync(node, "PUT", "/v1/metadata/big", JsonSerializer.Serialize(new { value = over }))));
        Assert.Equal(exact, await File.ReadAllTextAsync(Path.Combine(MetadataDir(node), "big"), Ct));
        Assert.Equal(["big"], Directory.GetFileSystemEntries(MetadataDir(node)).Select(Path.GetFileName));

        // Characters, as upstream's len(): 1024 two-byte characters fit.
        Assert.Equal(200, (await SendAsync(node, "PUT", "/v1/metadata/big", JsonSerializer.Serialize(new { value = new string('é', 1024) }))).Status);
    }

    [Fact]
    public async Task PutWritesOnlyOnChange()
    {
        await using var node = await NodeAsync();
        await SendAsync(node, "POST", "/v1/metadata/k", """{"value": "same"}""");
        var file = Path.Combine(MetadataDir(node), "k");
        var stamp = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(file, stamp);

        Assert.Equal(200, (await SendAsync(node, "PUT", "/v1/metadata/k", """{"value": "same"}""")).Status);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(file));

        Assert.Equal(200, (await SendAsync(node, "PUT", "/v1/metadata/k", """{"value": "changed"}""")).Status);
        Assert.NotEqual(stamp, File.GetLastWriteTimeUtc(file));
        Assert.Equal("changed", await File.ReadAllTextAsync(file, Ct));
    }

    [Fact]
    public async Task ConcurrentWritersNeverShowAPartialValue()
    {
        await using var node = await NodeAsync("metadata: {size: 300000}");
        var values = Enumerable.Range(0, 12).Select(i => new string((char)('a' + i), 1 + (i * 24000))).ToArray();
        await SendAsync(node, "POST", "/v1/metadata/hot", JsonSerializer.Serialize(new { value = values[0] }));
        var api = node.Api();
        using var stop = new CancellationTokenSource();
        var seen = new List<string>();
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                seen.Add((await api.GetMetadataAsync("hot", Ct)).Metadata);
                seen.Add(await File.ReadAllTextAsync(Path.Combine(MetadataDir(node), "hot"), Ct));
            }
        }, Ct);

        await Task.WhenAll(Enumerable.Range(0, 5).SelectMany(_ => values).Select(v => api.UpdateMetadataAsync("hot", new MetadataWriteRequest(v), Ct)));
        await stop.CancelAsync();
        await reader;

        Assert.NotEmpty(seen);
        Assert.All(seen, s => Assert.Contains(s, values));
        Assert.Contains((await api.GetMetadataAsync("hot", Ct)).Metadata, values);
        Assert.Equal(["hot"], Directory.GetFileSystemEntries(MetadataDir(node)).Select(Path.GetFileName)); // no temp files left
    }

    [Fact]
    public async Task ASymlinkInTheMetadataDirectoryIsNotFollowed()
    {
        await using var node = await NodeAsync();
        var outside = Path.Combine(node.Directory, "outside.txt");
        await File.WriteAllTextAsync(outside, "SECRET", Ct);
        Directory.CreateDirectory(MetadataDir(node));
        File.CreateSymbolicLink(Path.Combine(MetadataDir(node), "link"), outside);

        Assert.Equal(404, (await SendAsync(node, "GET", "/v1/metadata/link")).Status);
        Assert.Equal((200, """{"status_code":200,"metadata":[]}"""), Pick(await SendAsync(node, "GET", "/v1/metadata")));
        Assert.Equal(201, (await SendAsync(node, "POST", "/v1/metadata/link", """{"value": "mine"}""")).Status);

        Assert.Equal("SECRET", await File.ReadAllTextAsync(outside, Ct));
        Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(MetadataDir(node), "link"), Ct));
    }

    [Fact]
    public async Task TheTypedClientRoundTrips()
    {
        await using var node = await NodeAsync();
        var api = node.Api();

        Assert.Equal(404, Status(await api.CheckMetadataAsync("k", Ct)));
        Assert.Equal(new MessageReply(201, "Metadata 'k' has been successfully created."), await api.CreateMetadataAsync("k", new MetadataWriteRequest("v"), Ct));
        Assert.Equal(new MetadataReply(200, "v"), await api.GetMetadataAsync("k", Ct));
        Assert.Equal(["k"], (await api.GetMetadataListAsync(Ct)).Metadata);
        Assert.Equal(new MessageReply(200, "Metadata 'k' has been successfully updated."), await api.UpdateMetadataAsync("k", new MetadataWriteRequest("w"), Ct));
        Assert.Equal(204, Status(await api.DeleteMetadataAsync("k", Ct)));
        Assert.Equal(404, Status(await api.CheckMetadataAsync("k", Ct)));
    }

    private static int Status(Refit.IApiResponse response) => (int)response.StatusCode!;

    private static (int, string) Pick((int Status, string Body, string? ContentType) reply) => (reply.Status, reply.Body);
}
