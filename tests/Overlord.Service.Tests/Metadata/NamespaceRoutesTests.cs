using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Overlord.Core.Api;
using Overlord.Service.Tests.Support;
using static Overlord.Service.Tests.Metadata.MetaHttp;

namespace Overlord.Service.Tests.Metadata;

[SupportedOSPlatform("linux")]
public sealed class NamespaceRoutesTests
{
    private const UnixFileMode Rwx = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<TestNode> WithMetadataAsync(params (string Key, string Value)[] values)
    {
        var node = await NodeAsync();
        foreach (var (key, value) in values)
        {
            Assert.Equal(201, (await SendAsync(node, "POST", $"/v1/metadata/{key}", new JsonObject { ["value"] = value }.ToJsonString())).Status);
        }
        return node;
    }

    [Theory]
    [InlineData("/v1/namespace")]
    [InlineData("/v1/namespace/")]
    public async Task ListIsEmptyBeforeTheDirectoryExists(string path)
    {
        await using var node = await NodeAsync();

        Assert.Equal((200, """{"status_code":200,"namespaces":[]}"""), Pick(await SendAsync(node, "GET", path)));
    }

    [Fact]
    public async Task EveryRouteAnswersUpstreamsBodies()
    {
        await using var node = await WithMetadataAsync(("web.conf", "listen 80;"), ("key", "k"));
        var ns = Path.Combine(NamespaceDir(node), "web");
        var mapping = """{"mapping": ["""
            + """{"file": "web.conf:etc/nginx/nginx.conf", "mode": 416},"""
            + """{"file": ["key", "tls/key.pem"], "umask": 63},"""
            + """{"directory": "var/log", "mode": 448}]}""";

        Assert.Equal((404, """{"status_code":404,"message":"Namespace cannot be found."}"""), Pick(await SendAsync(node, "GET", "/v1/namespace/web")));
        Assert.Equal((404, ""), Pick(await SendAsync(node, "HEAD", "/v1/namespace/web")));
        Assert.Equal((404, """{"status_code":404,"message":"Namespace cannot be found."}"""), Pick(await SendAsync(node, "DELETE", "/v1/namespace/web")));

        Assert.Equal((201, """{"status_code":201,"message":"Namespace 'web' has been successfully created."}"""), Pick(await SendAsync(node, "POST", "/v1/namespace/web", mapping)));
        Assert.Equal((200, ""), Pick(await SendAsync(node, "HEAD", "/v1/namespace/web")));
        Assert.Equal((200, """{"status_code":200,"namespaces":["web"]}"""), Pick(await SendAsync(node, "GET", "/v1/namespace")));
        Assert.Equal("listen 80;", await File.ReadAllTextAsync(Path.Combine(ns, "etc/nginx/nginx.conf"), Ct));
        Assert.Equal("k", await File.ReadAllTextAsync(Path.Combine(ns, "tls/key.pem"), Ct));

        var (status, body, _) = await SendAsync(node, "GET", "/v1/namespace/web");
        Assert.Equal(200, status);
        var dirMode = 0x4000 | (int)File.GetUnixFileMode(Path.Combine(ns, "etc"));
        JsonAssert.Equal($$"""
            {"status_code": 200, "namespace": [
              {"directory": "{{ns}}/etc", "owner": 0, "group": 0, "mode": {{dirMode}}},
              {"directory": "{{ns}}/etc/nginx", "owner": 0, "group": 0, "mode": {{dirMode}}},
              {"file": "{{ns}}/etc/nginx/nginx.conf", "owner": 0, "group": 0, "mode": {{0x8000 | 416}}},
              {"directory": "{{ns}}/tls", "owner": 0, "group": 0, "mode": {{0x4000 | 0x1C0}}},
              {"file": "{{ns}}/tls/key.pem", "owner": 0, "group": 0, "mode": {{0x8000 | 0x180}}},
              {"directory": "{{ns}}/var", "owner": 0, "group": 0, "mode": {{dirMode}}},
              {"directory": "{{ns}}/var/log", "owner": 0, "group": 0, "mode": {{0x4000 | 448}}}]}
            """.Replace("\"owner\": 0, \"group\": 0", $"\"owner\": {Uid()}, \"group\": {Gid()}", StringComparison.Ordinal), body);

        // POST on an existing namespace: 201, nothing changes (the body is not read).
        Assert.Equal((201, """{"status_code":201,"message":"Namespace 'web' has been successfully created."}"""), Pick(await SendAsync(node, "POST", "/v1/namespace/web", """{"mapping": []}""")));
        Assert.True(File.Exists(Path.Combine(ns, "tls/key.pem")));

        Assert.Equal((204, ""), Pick(await SendAsync(node, "DELETE", "/v1/namespace/web")));
        Assert.False(Directory.Exists(ns));
        Assert.Equal((200, """{"status_code":200,"namespaces":[]}"""), Pick(await SendAsync(node, "GET", "/v1/namespace")));
    }

    [Fact]
    public async Task UmaskShapesWhatIsCreatedAndModeWins()
    {
        await using var node = await WithMetadataAsync(("m", "x"));

        Assert.Equal(201, (await SendAsync(node, "POST", "/v1/namespace/n", """
            {"mapping": [
              {"file": "m:a/b/one", "umask": 18},
              {"file": "m:c/two", "umask": 63},
              {"file": "m:three", "umask": 0, "mode": 384},
              {"directory": "d/e", "umask": 7}]}
            """)).Status);

        var ns = Path.Combine(NamespaceDir(node), "n");
        Assert.Equal((UnixFileMode)0x1ED, File.GetUnixFileMode(Path.Combine(ns, "a"))); // 0755
        Assert.Equal((UnixFileMode)0x1ED, File.GetUnixFileMode(Path.Combine(ns, "a/b")));
        Assert.Equal((UnixFileMode)0x1A4, File.GetUnixFileMode(Path.Combine(ns, "a/b/one"))); // 0644
        Assert.Equal(Rwx, File.GetUnixFileMode(Path.Combine(ns, "c"))); // 0700
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(ns, "c/two"))); // 0600
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(ns, "three"))); // mode 0600 over umask 0
        Assert.Equal((UnixFileMode)0x1F8, File.GetUnixFileMode(Path.Combine(ns, "d/e"))); // 0770
    }

    [Fact]
    public async Task OwnerAndGroupTakeIdsAndNames()
    {
        await using var node = await WithMetadataAsync(("m", "x"));
        var ns = Path.Combine(NamespaceDir(node), "n");

        Assert.Equal(201, (await SendAsync(node, "POST", "/v1/namespace/n", $$"""
            {"mapping": [
              {"file": "m:mine", "owner": {{Uid()}}, "group": {{Gid()}}},
              {"file": "m:byname", "owner": "root", "group": "root"},
              {"directory": "nobodys", "owner": "nobody", "group": 65534}]}
            """)).Status);

        var (_, body, _) = await SendAsync(node, "GET", "/v1/namespace/n");
        var entries = JsonNode.Parse(body)!["namespace"]!.AsArray();
        Assert.Equal(Uid(), (long)entries.Single(e => (string?)e!["file"] == Path.Combine(ns, "mine"))!["owner"]!);
        Assert.Equal(0L, (long)entries.Single(e => (string?)e!["file"] == Path.Combine(ns, "byname"))!["group"]!);
        var nobody = entries.Single(e => (string?)e!["directory"] == Path.Combine(ns, "nobodys"))!;
        Assert.Equal(65534L, (long)nobody["owner"]!);
        Assert.Equal(65534L, (long)nobody["group"]!);
    }

    [Fact]
    public async Task UnknownUsersAndGroupsAre400AndNothingIsWritten()
    {
        await using var node = await WithMetadataAsync(("m", "x"));

        Assert.Equal((400, """{"status_code":400,"message":"mapping[1].owner: user 'no-such-user-xyz' cannot be found."}"""),
            Pick(await SendAsync(node, "POST", "/v1/namespace/n", """{"mapping": [{"file": "m:a"}, {"file": "m:b", "owner": "no-such-user-xyz"}]}""")));
        Assert.Equal((400, """{"status_code":400,"message":"mapping[0].group: group 'no-such-group-xyz' cannot be found."}"""),
            Pick(await SendAsync(node, "PUT", "/v1/namespace/n", """{"mapping": [{"directory": "d", "group": "no-such-group-xyz"}]}""")));
        Assert.Equal([], List(node));
    }

    [Fact]
    public async Task PutReplacesTheWholeTreeAndCreatesWhenAbsent()
    {
        await using var node = await WithMetadataAsync(("one", "1"), ("two", "2"));
        var ns = Path.Combine(NamespaceDir(node), "n");

        Assert.Equal((200, """{"status_code":200,"message":"Namespace 'n' has been successfully updated."}"""),
            Pick(await SendAsync(node, "PUT", "/v1/namespace/n", """{"mapping": [{"file": "one:old/file"}, {"directory": "keep"}]}""")));
        Assert.True(File.Exists(Path.Combine(ns, "old/file")));

        Assert.Equal(200, (await SendAsync(node, "PUT", "/v1/namespace/n", """{"mapping": [{"file": "two:new/file"}]}""")).Status);

        Assert.Equal(["new"], Directory.GetFileSystemEntries(ns).Select(Path.GetFileName));
        Assert.Equal("2", await File.ReadAllTextAsync(Path.Combine(ns, "new/file"), Ct));
        Assert.Equal(["n"], Directory.GetFileSystemEntries(NamespaceDir(node)).Select(Path.GetFileName)); // no temp or old trees left
    }

    [Theory]
    [InlineData("""{"mapping": [{"file": "one:a"}, {"file": "missing:b"}]}""", "mapping[1].file: metadata 'missing' cannot be found.")]
    [InlineData("""{"mapping": [{"file": "one:a"}, {"file": "one:a/b"}]}""", "mapping[1]: 'a' is a file, not a directory.")]
    [InlineData("""{"mapping": [{"directory": "a"}, {"file": "one:a"}]}""", "mapping[1]: 'a' is a directory, not a file.")]
    [InlineData("""{"mapping": [{"file": "one:ok"}, {"file": "one:../x"}]}""", "'../x' is not a path of 'NS'")]
    [InlineData("""{"mapping": []}""", "mapping: at least one item is required.")]
    [InlineData("""{}""", "`mapping` is required but hasn't been specified.")]
    [InlineData("""{"mapping": {"file": "one:a"}}""", "'mapping' has an unexpected value type.")]
    [InlineData("""{"mapping": ["one:a"]}""", "mapping[0]: must be a map with 'file' or 'directory'.")]
    [InlineData("""{"mapping": [{"owner": 0}]}""", "mapping[0]: give either 'file' or 'directory'; neither is set.")]
    [InlineData("""{"mapping": [{"file": "one:a", "directory": "b"}]}""", "mapping[0]: give either 'file' or 'directory', not both.")]
    [InlineData("""{"mapping": [{"file": "one"}]}""", "mapping[0].file: 'one' must name the metadata and the file as 'metadata:path/in/namespace'.")]
    [InlineData("""{"mapping": [{"file": ["one"]}]}""", "mapping[0].file: must be a list of two strings [metadata, path].")]
    [InlineData("""{"mapping": [{"file": 5}]}""", "mapping[0].file: must be a string 'metadata:path' or a list [metadata, path].")]
    [InlineData("""{"mapping": [{"directory": 5}]}""", "mapping[0].directory: must be a string.")]
    [InlineData("""{"mapping": [{"directory": "d", "mode": "0644"}]}""", "mapping[0].mode: must be an integer from 0 to 4095 (octal 7777).")]
    [InlineData("""{"mapping": [{"directory": "d", "umask": 512}]}""", "mapping[0].umask: must be an integer from 0 to 511 (octal 777).")]
    [InlineData("""{"mapping": [{"directory": "d", "owner": -1}]}""", "mapping[0].owner: must be a name or a numeric id.")]
    [InlineData("""{"mapping": [{"directory": "d", "prefix": 1}]}""", "mapping[0].prefix: must be a string or a boolean.")]
    [InlineData("""{"mapping": [{"directory": "d", "color": "red"}]}""", "mapping[0]: unknown key 'color'; allowed: file, directory, owner, group, mode, umask, prefix.")]
    public async Task AFailedPutKeepsTheOldNamespace(string json, string message)
    {
        await using var node = await WithMetadataAsync(("one", "1"));
        Assert.Equal(201, (await SendAsync(node, "POST", "/v1/namespace/n", """{"mapping": [{"file": "one:kept"}]}""")).Status);
        var ns = Path.Combine(NamespaceDir(node), "n");

        var (status, body, _) = await SendAsync(node, "PUT", "/v1/namespace/n", json);

        Assert.Equal(400, status);
        Assert.Equal(ErrorBody(400, message.Replace("NS", ns, StringComparison.Ordinal)), body);
        Assert.Equal(["kept"], Directory.GetFileSystemEntries(ns).Select(Path.GetFileName));
        Assert.Equal(["n"], Directory.GetFileSystemEntries(NamespaceDir(node)).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../x")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../x")]
    [InlineData("a/../b")]
    [InlineData("x\u0000y")]
    [InlineData("")]
    [InlineData(".")]
    public async Task TraversalIsRefusedAndNothingIsWritten(string path)
    {
        await using var node = await WithMetadataAsync(("one", "1"));
        var ns = Path.Combine(NamespaceDir(node), "n");
        var marker = Path.Combine(node.Directory, "x");

        foreach (var method in new[] { "POST", "PUT" })
        {
            var file = new JsonObject { ["mapping"] = new JsonArray(new JsonObject { ["file"] = new JsonArray("one", path) }) };
            var (status, body, _) = await SendAsync(node, method, "/v1/namespace/n", file.ToJsonString());
            Assert.Equal(400, status);
            Assert.Equal(ErrorBody(400, $"'{path}' is not a path of '{ns}'"), body);

            if (path is not ("" or "."))
            {
                var dir = new JsonObject { ["mapping"] = new JsonArray(new JsonObject { ["directory"] = path }) };
                Assert.Equal(400, (await SendAsync(node, method, "/v1/namespace/n", dir.ToJsonString())).Status);
            }
        }
        Assert.False(File.Exists(marker));
        Assert.False(Directory.Exists(marker));
        Assert.False(Directory.Exists(NamespaceDir(node)));
    }

    [Fact]
    public async Task AnInvalidMetadataNameIsRefused()
    {
        await using var node = await WithMetadataAsync(("one", "1"));

        var (status, body, _) = await SendAsync(node, "PUT", "/v1/namespace/n", """{"mapping": [{"file": ["../one", "a"]}]}""");

        Assert.Equal(400, status);
        Assert.StartsWith("""{"status_code":400,"message":"mapping[0].file: '../one' is not a valid metadata name""", body, StringComparison.Ordinal);
        Assert.False(Directory.Exists(NamespaceDir(node)));
    }

    [Fact]
    public async Task SymlinksInsideTheNamespaceAreNeverFollowed()
    {
        await using var node = await WithMetadataAsync(("one", "1"));
        var outside = Path.Combine(node.Directory, "outside");
        Directory.CreateDirectory(outside);
        await File.WriteAllTextAsync(Path.Combine(outside, "secret"), "SECRET", Ct);
        Assert.Equal(201, (await SendAsync(node, "POST", "/v1/namespace/n", """{"mapping": [{"directory": "d"}]}""")).Status);
        var ns = Path.Combine(NamespaceDir(node), "n");
        Directory.CreateSymbolicLink(Path.Combine(ns, "link"), outside);
        File.CreateSymbolicLink(Path.Combine(ns, "d", "file"), Path.Combine(outside, "secret"));

        // GET lists neither link nor what is behind it.
        var (_, body, _) = await SendAsync(node, "GET", "/v1/namespace/n");
        Assert.Equal(new JsonObject
        {
            ["status_code"] = 200,
            ["namespace"] = new JsonArray(new JsonObject { ["directory"] = Path.Combine(ns, "d"), ["owner"] = Uid(), ["group"] = Gid(), ["mode"] = 0x4000 | (int)File.GetUnixFileMode(Path.Combine(ns, "d")) }),
        }.ToJsonString(), body);

        // PUT writes through the link names into a fresh tree: the outside is untouched.
        Assert.Equal(200, (await SendAsync(node, "PUT", "/v1/namespace/n", """{"mapping": [{"file": "one:link/secret"}, {"file": "one:d/file"}]}""")).Status);
        Assert.Equal("SECRET", await File.ReadAllTextAsync(Path.Combine(outside, "secret"), Ct));
        Assert.Equal(["secret"], Directory.GetFileSystemEntries(outside).Select(Path.GetFileName));
        Assert.Null(new DirectoryInfo(Path.Combine(ns, "link")).LinkTarget);
        Assert.Equal("1", await File.ReadAllTextAsync(Path.Combine(ns, "link/secret"), Ct));

        // DELETE removes links, not their targets.
        Directory.CreateSymbolicLink(Path.Combine(ns, "again"), outside);
        Assert.Equal(204, (await SendAsync(node, "DELETE", "/v1/namespace/n")).Status);
        Assert.True(File.Exists(Path.Combine(outside, "secret")));
    }

    [Fact]
    public async Task ANamespaceThatIsASymlinkDoesNotExist()
    {
        await using var node = await WithMetadataAsync(("one", "1"));
        var outside = Path.Combine(node.Directory, "outside");
        Directory.CreateDirectory(outside);
        await File.WriteAllTextAsync(Path.Combine(outside, "secret"), "SECRET", Ct);
        Directory.CreateDirectory(NamespaceDir(node));
        Directory.CreateSymbolicLink(Path.Combine(NamespaceDir(node), "n"), outside);

        Assert.Equal(404, (await SendAsync(node, "HEAD", "/v1/namespace/n")).Status);
        Assert.Equal(404, (await SendAsync(node, "GET", "/v1/namespace/n")).Status);
        Assert.Equal(404, (await SendAsync(node, "DELETE", "/v1/namespace/n")).Status);
        Assert.Equal((200, """{"status_code":200,"namespaces":[]}"""), Pick(await SendAsync(node, "GET", "/v1/namespace")));

        Assert.Equal(200, (await SendAsync(node, "PUT", "/v1/namespace/n", """{"mapping": [{"file": "one:secret"}]}""")).Status);
        Assert.Equal("SECRET", await File.ReadAllTextAsync(Path.Combine(outside, "secret"), Ct));
        Assert.Equal("1", await File.ReadAllTextAsync(Path.Combine(NamespaceDir(node), "n", "secret"), Ct));
    }

    [Theory]
    [InlineData("/v1/namespace/9n")]
    [InlineData("/v1/namespace/a.-b")]
    [InlineData("/v1/namespace/a%2F..%2Fb")]
    [InlineData("/v1/namespace/n/")]
    public async Task InvalidNamesHaveNoRoute(string path)
    {
        await using var node = await WithMetadataAsync(("one", "1"));

        Assert.Equal(404, (await SendAsync(node, "PUT", path, """{"mapping": [{"file": "one:a"}]}""")).Status);
        Assert.False(Directory.Exists(NamespaceDir(node)));
    }

    [Fact]
    public async Task TheTypedClientRoundTrips()
    {
        await using var node = await WithMetadataAsync(("one", "1"));
        var api = node.Api();
        var ns = Path.Combine(NamespaceDir(node), "n");

        Assert.Equal(404, (int)(await api.CheckNamespaceAsync("n", Ct)).StatusCode!);
        Assert.Equal(new MessageReply(201, "Namespace 'n' has been successfully created."),
            await api.CreateNamespaceAsync("n", new NamespaceWriteRequest([new JsonObject { ["file"] = "one:f", ["mode"] = 420 }]), Ct));
        var reply = await api.GetNamespaceAsync("n", Ct);
        Assert.Equal(200, reply.StatusCode);
        Assert.Equal([new NamespaceEntry(Path.Combine(ns, "f"), null, Uid(), Gid(), 0x8000 | 420)], reply.Namespace);
        Assert.Equal(["n"], (await api.GetNamespaceListAsync(Ct)).Namespaces);
        Assert.Equal(new MessageReply(200, "Namespace 'n' has been successfully updated."),
            await api.UpdateNamespaceAsync("n", new NamespaceWriteRequest([new JsonObject { ["directory"] = "d" }]), Ct));
        Assert.Equal(204, (int)(await api.DeleteNamespaceAsync("n", Ct)).StatusCode!);
        Assert.Equal(404, (int)(await api.CheckNamespaceAsync("n", Ct)).StatusCode!);
    }

    private static string[] List(TestNode node) =>
        Directory.Exists(NamespaceDir(node)) ? [.. Directory.GetFileSystemEntries(NamespaceDir(node)).Select(p => Path.GetFileName(p))] : [];

    private static long Uid() => Overlord.Service.Metadata.UnixFiles.LStat("/proc/self")!.Value.Uid;

    private static long Gid() => Overlord.Service.Metadata.UnixFiles.LStat("/proc/self")!.Value.Gid;

    private static (int, string) Pick((int Status, string Body, string? ContentType) reply) => (reply.Status, reply.Body);
}
