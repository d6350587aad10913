using System.Net;
using Overlord.Service.Tests.Support;
using static Overlord.Service.Tests.Jails.JailHttp;

namespace Overlord.Service.Tests.Jails;

/// <summary>The five-node tree where every node has its own jail host; reads go through the generic chain router.</summary>
public sealed class JailTreeFixture : IAsyncLifetime
{
    public Dictionary<string, FakeHost> Hosts { get; } = new[] { "main", "alpha", "bravo", "charlie", "delta" }.ToDictionary(n => n, n => new FakeHost(n));

    public NodeTree Tree { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        foreach (var (name, host) in Hosts)
        {
            host.AppJail.Add(name + "-jail", new FakeJail { Usage = new() { ["memoryuse"] = name.Length } });
            host.Director.Add(name + "-app");
            host.WriteLog($"appjail/jails/{name}-jail/console/2026-01-01.log", $"hello from {name}\n");
        }
        Hosts["bravo"].AppJail.Add("only-on-bravo");
        Tree = await NodeTree.StartAsync(TestContext.Current.CancellationToken, spec => Hosts[spec.Name].Apply(spec));
        foreach (var node in Tree.All)
        {
            await PollAsync(node);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Tree.DisposeAsync();
        foreach (var host in Hosts.Values)
        {
            host.Delete();
        }
    }
}

public sealed class JailChainTests(JailTreeFixture fixture) : IClassFixture<JailTreeFixture>
{
    private NodeTree Tree => fixture.Tree;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/v1/jails", """{"status_code": 200, "jails": ["main-jail"]}""")]
    [InlineData("/v1/chain/alpha/jails", """{"status_code": 200, "jails": ["alpha-jail"]}""")]
    [InlineData("/v1/chain/alpha.bravo/jails", """{"status_code": 200, "jails": ["bravo-jail", "only-on-bravo"]}""")]
    [InlineData("/v1/chain/alpha.charlie.delta/jail/info/delta-jail", """{"status_code": 200, "info": {"name": "delta-jail", "status": "UP"}}""")]
    [InlineData("/v1/chain/alpha.charlie.delta/jail/stats/delta-jail", """{"status_code": 200, "stats": {"memoryuse": 5}}""")]
    [InlineData("/v1/chain/alpha.charlie/stats", """{"status_code": 200, "stats": {"memoryuse": 7}}""")]
    [InlineData("/v1/chain/alpha.charlie/jail/nat/charlie-jail", """{"status_code": 200, "nat": {}}""")]
    [InlineData("/v1/chain/alpha.charlie.delta/projects", """{"status_code": 200, "projects": ["delta-app"]}""")]
    [InlineData("/v1/chain/alpha.charlie.delta/jail/log/jails/delta-jail/console/2026-01-01.log", """{"status_code": 200, "log_content": "hello from delta"}""")]
    [InlineData("/v1/chain/alpha.bravo/jails/logs", """{"status_code": 200, "logs": {"jails": {"bravo-jail": {"console": ["2026-01-01.log"]}}}}""")]
    public async Task EachNodeAnswersFromItsOwnHost(string path, string expected)
    {
        var (status, body, _) = await SendAsync(Tree.Main, HttpMethod.Get, path);

        Assert.True(status == 200, $"{path}: {status} {body}");
        JsonAssert.Equal(expected, body);
    }

    [Fact]
    public async Task ProjectInfoThroughTheChain()
    {
        var info = (await Tree.Main.Api().GetChainProjectInfoAsync("alpha.charlie.delta", "delta-app", Ct)).Info;

        Assert.Equal(("delta-app", "2025-06-14_09h41m07s"), (info.Name, info.LastLog));
    }

    [Theory]
    [InlineData("/v1/chain/alpha.charlie.delta/jail/info/only-on-bravo", "get_info", "charlie.delta", "/v1/chain/charlie.delta/jail/info/only-on-bravo")]
    [InlineData("/v1/chain/alpha.charlie/jail/volumes/only-on-bravo", "get_volumes", "charlie", "/v1/chain/charlie/jail/volumes/only-on-bravo")]
    [InlineData("/v1/chain/alpha/jail/log/jails/x/console/none.log", "get_jail_log", "", "/v1/jail/log/jails/x/console/none.log")]
    public async Task AJailElsewhereIs404WithUpstreamsChainFailureBody(string path, string function, string chain, string childPath)
    {
        var (status, body, _) = await SendAsync(Tree.Main, HttpMethod.Get, path);

        Assert.Equal(404, status);
        Assert.Equal(["status_code", "function", "entrypoint", "chain", "error", "message"], JsonAssert.Keys(body));
        JsonAssert.Equal($$"""
            {"status_code": 404, "function": "{{function}}", "entrypoint": "alpha", "chain": "{{chain}}", "error": "HTTPStatusError",
             "message": "Client error '404 Not Found' for url '{{Tree.Alpha.BaseAddress.GetLeftPart(UriPartial.Authority)}}{{childPath}}'"}
            """, body);
    }

    [Fact]
    public async Task HeadChecksThroughTheChain()
    {
        var api = Tree.Main.Api();

        Assert.Equal(HttpStatusCode.OK, (await api.CheckChainJailAsync("alpha.bravo", "only-on-bravo", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.CheckChainJailAsync("alpha.charlie.delta", "only-on-bravo", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.CheckChainProjectAsync("alpha.charlie.delta", "delta-app", Ct)).StatusCode);
    }

    [Fact]
    public async Task TheTypedClientReadsChainItems()
    {
        var api = Tree.Main.Api();

        Assert.Equal(["delta-jail"], (await api.GetChainJailsAsync("alpha.charlie.delta", Ct)).Jails);
        Assert.Equal("0, 1", (await api.GetChainJailCpusetAsync("alpha.bravo", "bravo-jail", Ct)).Cpuset);
        Assert.Equal("hello from charlie", (await api.GetChainJailLogAsync("alpha.charlie", "jails", "charlie-jail", "console", "2026-01-01.log", Ct)).LogContent);
    }
}
