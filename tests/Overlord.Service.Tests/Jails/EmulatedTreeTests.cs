using Overlord.Emulators;
using Overlord.Service.Jails.Polling;
using Overlord.Service.Tests.Support;
using static Overlord.Service.Tests.Jails.JailHttp;

namespace Overlord.Service.Tests.Jails;

/// <summary>
/// The whole jail host stack with nothing faked: the five-node tree, each node with its own emulated host (its own
/// jails, projects and logs) reached through the real drivers and tool processes, polled by the real pollers, read
/// through the generic chain router.
/// </summary>
public sealed class EmulatedTreeFixture : IAsyncLifetime
{
    private static readonly string[] Names = ["main", "alpha", "bravo", "charlie", "delta"];

    public Dictionary<string, EmulatedHost> Hosts { get; } = Names.ToDictionary(n => n, _ => EmulatedHost.Create());

    public NodeTree Tree { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Hosts["bravo"].AddJail("web1").Running().Ip4("10.0.0.3").Label("app", "web").Expose(8080, 80)
            .Usage(new Dictionary<string, long> { ["memoryuse"] = 1000, ["maxproc"] = 3 });
        Hosts["bravo"].WriteAppJailLog("jails", "web1", "console", "2026-11-27.log", "\u001b[0;94mstarting\u001b[0;39;49m web1\r\nready\n");
        Hosts["delta"].AddJail("db1").Running().Fstab("/data/db", "/var/db").Volume("pgdata", "/var/db/postgres", uid: 770, gid: 770, perm: "700")
            .Usage(new Dictionary<string, long> { ["memoryuse"] = 4000, ["maxproc"] = 5 });
        Hosts["delta"].AddJail("db2").Stopped().Usage(new Dictionary<string, long> { ["memoryuse"] = 99 });
        Hosts["charlie"].AddJail("shop-app").Running();
        Hosts["charlie"].AddProject("shop").State("done").Service("app", "shop-app").LastLog("2026-11-27_10h00m00s");
        Hosts["charlie"].WriteDirectorLog("2026-11-27_10h00m00s", "app", "makejail.log", "built shop-app\n");

        Tree = await NodeTree.StartAsync(TestContext.Current.CancellationToken, spec => spec with { ExtraYaml = Hosts[spec.Name].NodeConfigYaml() });
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
            host.Dispose();
        }
    }
}

public sealed class EmulatedTreeTests(EmulatedTreeFixture fixture) : IClassFixture<EmulatedTreeFixture>
{
    private NodeTree Tree => fixture.Tree;

    [Theory]
    [InlineData("/v1/jails", """{"status_code": 200, "jails": []}""")]
    [InlineData("/v1/chain/alpha.bravo/jails", """{"status_code": 200, "jails": ["web1"]}""")]
    [InlineData("/v1/chain/alpha.charlie.delta/jails", """{"status_code": 200, "jails": ["db1", "db2"]}""")]
    [InlineData("/v1/chain/alpha.charlie.delta/jail/stats/db1", null)]
    [InlineData("/v1/chain/alpha.charlie.delta/jail/stats/db2", """{"status_code": 200, "stats": {}}""")]
    [InlineData("/v1/chain/alpha.charlie.delta/jail/fstab/db1", """{"status_code": 200, "fstab": [{"enabled": "1", "name": null, "device": "/data/db", "mountpoint": "/var/db", "type": "nullfs", "options": "rw", "dump": "0", "pass": "0", "nro": "0"}]}""")]
    [InlineData("/v1/chain/alpha.charlie.delta/jail/volumes/db1", """{"status_code": 200, "volumes": [{"name": "pgdata", "mountpoint": "/var/db/postgres", "type": "<pseudofs>", "uid": "770", "gid": "770", "perm": "700"}]}""")]
    [InlineData("/v1/chain/alpha.bravo/jail/labels/web1", """{"status_code": 200, "labels": [{"value": "web", "name": "app"}]}""")]
    [InlineData("/v1/chain/alpha.charlie/projects", """{"status_code": 200, "projects": ["shop"]}""")]
    [InlineData("/v1/chain/alpha.charlie/project/info/shop", """{"status_code": 200, "info": {"name": "shop", "state": "DONE", "last_log": "2026-11-27_10h00m00s", "locked": false, "services": [{"name": "app", "status": 0, "jail": "shop-app"}]}}""")]
    [InlineData("/v1/chain/alpha.charlie/projects/logs", """{"status_code": 200, "logs": {"2026-11-27_10h00m00s": {"app": ["makejail.log"]}}}""")]
    [InlineData("/v1/chain/alpha.charlie/projects/log/2026-11-27_10h00m00s/app/makejail.log", """{"status_code": 200, "log_content": "built shop-app"}""")]
    [InlineData("/v1/chain/alpha.bravo/jail/log/jails/web1/console/2026-11-27.log", """{"status_code": 200, "log_content": "starting web1\nready"}""")]
    public async Task EachNodeAnswersFromItsOwnEmulatedHost(string path, string? expected)
    {
        var (status, body, _) = await SendAsync(Tree.Main, HttpMethod.Get, path);

        Assert.True(status == 200, $"{path}: {status} {body}");
        if (expected is not null)
        {
            JsonAssert.Equal(expected, body);
        }
    }

    [Fact]
    public async Task StatsComeFromRctlOfRunningJailsOnly()
    {
        var api = Tree.Main.Api();

        var db1 = (await api.GetChainJailStatsAsync("alpha.charlie.delta", "db1", TestContext.Current.CancellationToken)).Stats;
        var host = (await api.GetChainServerStatsAsync("alpha.charlie.delta", TestContext.Current.CancellationToken)).Stats;

        Assert.Equal((4000L, 5L), (db1["memoryuse"], db1["maxproc"]));
        Assert.Equal(25, db1.Count);
        // db2 is stopped: upstream polls rctl for running jails only, so the host sum is db1's.
        Assert.Equal(4000L, host["memoryuse"]);
    }

    [Fact]
    public async Task JailInfoIsOneToolRunPerJailWithTheConfiguredKeywords()
    {
        var info = (await Tree.Main.Api().GetChainJailInfoAsync("alpha.bravo", "web1", TestContext.Current.CancellationToken)).Info;

        Assert.Equal(("web1", "UP", "10.0.0.3", "8080 -> 80/tcp"), (info["name"], info["status"], info["network_ip4"], info["ports"]));
        var gets = fixture.Hosts["bravo"].ReadJournal().Where(e => e.Tool == "appjail" && e.Argv.Take(2).SequenceEqual(["jail", "get"])).ToList();
        Assert.NotEmpty(gets);
        Assert.All(gets, e => Assert.Equal(["jail", "get", "-I", "-t", "--", "web1"], e.Argv.Take(6)));
    }

    [Theory]
    [InlineData("/v1/chain/alpha.bravo/jail/log/jails/web1/console/..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/v1/chain/alpha.bravo/jail/log/jails/web1/console/%2e%2e")]
    [InlineData("/v1/chain/alpha.bravo/jail/log/jails/..%2F..%2F/console/x.log")]
    public async Task TraversalThroughTheChainNeverReadsOutsideTheLogRoot(string path)
    {
        var (status, body, _) = await SendAsync(Tree.Main, HttpMethod.Get, path);

        Assert.True(status is 400 or 404, $"{path}: {status} {body}");
        Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AJailThatVanishesIsDroppedAtTheNextPoll()
    {
        var delta = fixture.Hosts["delta"];
        delta.AddJail("tmp1").Running();
        await PollAsync(Tree.Delta);
        Assert.Contains("tmp1", (await Tree.Main.Api().GetChainJailsAsync("alpha.charlie.delta", TestContext.Current.CancellationToken)).Jails);

        Directory.Delete(Path.Combine(delta.JailsDirectory, "tmp1"), recursive: true);
        await PollAsync(Tree.Delta);

        Assert.DoesNotContain("tmp1", (await Tree.Main.Api().GetChainJailsAsync("alpha.charlie.delta", TestContext.Current.CancellationToken)).Jails);
        var (status, _, _) = await SendAsync(Tree.Main, HttpMethod.Get, "/v1/chain/alpha.charlie.delta/jail/info/tmp1");
        Assert.Equal(404, status);
    }
}
