using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Overlord.Core.Api;
using Overlord.Service.Tests.Support;
using static Overlord.Service.Tests.Metadata.MetaHttp;

namespace Overlord.Service.Tests.Metadata;

/// <summary>Metadata and namespaces on delta, reached from main through alpha and charlie by the generic router.</summary>
[SupportedOSPlatform("linux")]
public sealed class MetadataChainTests
{
    private const string Chain = "alpha.charlie.delta";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MetadataRoundTripsThroughTheChain()
    {
        await using var tree = await NodeTree.StartAsync(Ct);
        var api = tree.Main.Api();

        Assert.Equal(404, (int)(await api.CheckChainMetadataAsync(Chain, "db.url", Ct)).StatusCode!);
        Assert.Equal(new MessageReply(201, "Metadata 'db.url' has been successfully created."),
            await api.CreateChainMetadataAsync(Chain, "db.url", new MetadataWriteRequest("postgres://db"), Ct));
        Assert.Equal(200, (int)(await api.CheckChainMetadataAsync(Chain, "db.url", Ct)).StatusCode!);
        Assert.Equal(new MetadataReply(200, "postgres://db"), await api.GetChainMetadataAsync(Chain, "db.url", Ct));
        Assert.Equal(["db.url"], (await api.GetChainMetadataListAsync(Chain, Ct)).Metadata);
        Assert.Equal(new MessageReply(200, "Metadata 'db.url' has been successfully updated."),
            await api.UpdateChainMetadataAsync(Chain, "db.url", new MetadataWriteRequest("postgres://db2"), Ct));

        // Only delta stores it.
        Assert.Equal("postgres://db2", await File.ReadAllTextAsync(Path.Combine(MetadataDir(tree.Delta), "db.url"), Ct));
        foreach (var node in new[] { tree.Main, tree.Alpha, tree.Charlie, tree.Bravo })
        {
            Assert.False(Directory.Exists(MetadataDir(node)));
        }

        // A child's error comes back with its status in the chain failure shape (upstream does not relay the body).
        AssertChainFailure(413, "metadata_set", await SendAsync(tree.Main, "PUT", $"/v1/chain/{Chain}/metadata/db.url",
            new JsonObject { ["value"] = new string('x', (1024 * 1024) + 1) }.ToJsonString()));
        Assert.Equal("postgres://db2", await File.ReadAllTextAsync(Path.Combine(MetadataDir(tree.Delta), "db.url"), Ct));
        Assert.Equal(400, (await SendAsync(tree.Main, "POST", $"/v1/chain/{Chain}/metadata/other", "{}")).Status);
        Assert.Equal(["db.url"], (await api.GetChainMetadataListAsync(Chain, Ct)).Metadata);

        Assert.Equal(204, (int)(await api.DeleteChainMetadataAsync(Chain, "db.url", Ct)).StatusCode!);
        Assert.Equal(404, (await SendAsync(tree.Main, "GET", $"/v1/chain/{Chain}/metadata/db.url")).Status);
        Assert.Equal(404, (int)(await api.CheckChainMetadataAsync(Chain, "db.url", Ct)).StatusCode!);
    }

    [Fact]
    public async Task NamespacesRoundTripThroughTheChain()
    {
        await using var tree = await NodeTree.StartAsync(Ct);
        var api = tree.Main.Api();
        await api.CreateChainMetadataAsync(Chain, "conf", new MetadataWriteRequest("a=1"), Ct);
        var ns = Path.Combine(NamespaceDir(tree.Delta), "app");

        Assert.Equal(404, (int)(await api.CheckChainNamespaceAsync(Chain, "app", Ct)).StatusCode!);
        Assert.Equal(new MessageReply(201, "Namespace 'app' has been successfully created."),
            await api.CreateChainNamespaceAsync(Chain, "app", new NamespaceWriteRequest([new JsonObject { ["file"] = "conf:etc/app.conf", ["mode"] = 416 }]), Ct));
        var reply = await api.GetChainNamespaceAsync(Chain, "app", Ct);
        Assert.Equal([Path.Combine(ns, "etc"), Path.Combine(ns, "etc/app.conf")], reply.Namespace.Select(e => e.Directory ?? e.File));
        Assert.Equal(0x8000 | 416, reply.Namespace[1].Mode);
        Assert.Equal(["app"], (await api.GetChainNamespaceListAsync(Chain, Ct)).Namespaces);

        Assert.Equal(new MessageReply(200, "Namespace 'app' has been successfully updated."),
            await api.UpdateChainNamespaceAsync(Chain, "app", new NamespaceWriteRequest([new JsonObject { ["directory"] = "data" }]), Ct));
        Assert.Equal(["data"], Directory.GetFileSystemEntries(ns).Select(Path.GetFileName));

        AssertChainFailure(400, "namespace_set", await SendAsync(tree.Main, "PUT", $"/v1/chain/{Chain}/namespace/app", """{"mapping": [{"directory": "../x"}]}"""));
        Assert.Equal(["data"], Directory.GetFileSystemEntries(ns).Select(Path.GetFileName));
        Assert.False(Directory.Exists(NamespaceDir(tree.Main)));

        Assert.Equal(204, (int)(await api.DeleteChainNamespaceAsync(Chain, "app", Ct)).StatusCode!);
        Assert.Equal(404, (await SendAsync(tree.Main, "GET", $"/v1/chain/{Chain}/namespace/app")).Status);
        Assert.Empty((await api.GetChainNamespaceListAsync(Chain, Ct)).Namespaces);
    }

    private static void AssertChainFailure(int status, string function, (int Status, string Body, string? ContentType) reply)
    {
        Assert.Equal(status, reply.Status);
        var body = JsonNode.Parse(reply.Body)!;
        Assert.Equal(status, (int)body["status_code"]!);
        Assert.Equal(function, (string?)body["function"]);
        Assert.Equal("HTTPStatusError", (string?)body["error"]);
    }
}
