using System.Net;
using System.Text.Json.Nodes;
using Overlord.Service.Jails;
using Overlord.Service.Jails.Polling;
using Overlord.Service.Tests.Support;
using static Overlord.Service.Tests.Jails.JailHttp;

namespace Overlord.Service.Tests.Jails;

/// <summary>One node with a fake host, polled once.</summary>
public sealed class JailHostFixture : IAsyncLifetime
{
    public FakeHost Host { get; } = new("solo");

    public TestNode Node { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Host.AppJail
            .Add("web", new FakeJail
            {
                Conf =
                {
                    [JailConfItem.Devfs] = [new Dictionary<string, string?> { ["enabled"] = "1", ["name"] = null, ["rule"] = "path 'bpf*' unhide", ["nro"] = "0" }],
                    [JailConfItem.Labels] = [new Dictionary<string, string?> { ["value"] = "1", ["name"] = "overlord.vm" }],
                    [JailConfItem.Volumes] = [],
                },
            })
            .Add("db", new FakeJail { Status = JailStatus.Stopped, Usage = new() { ["cputime"] = 5 } })
            .Add("api", new FakeJail { Usage = new() { ["memoryuse"] = 10, ["pcpu"] = 2 } });
        Host.Director.Add("wiki", services: [new("db", 0, "wiki-db"), new("app", 1, "5c1e9a07bd")]);
        Host.Statuses.Records[("wiki", ProjectJobKind.Up)] = new JsonObject { ["operation"] = "COMPLETED", ["last_update"] = 0.0, ["job_id"] = 7 };
        Host.Statuses.Records[("orphan", ProjectJobKind.Down)] = new JsonObject { ["operation"] = "FAILED", ["job_id"] = 9 };
        Node = await TestNode.StartAsync(Host.Apply(new TestNodeSpec { Name = "solo" }), TestContext.Current.CancellationToken);
        await PollAsync(Node);
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        Host.Delete();
    }
}

public sealed class JailRoutesTests(JailHostFixture fixture) : IClassFixture<JailHostFixture>
{
    private TestNode Node => fixture.Node;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/v1/jails", """{"status_code": 200, "jails": ["api", "db", "web"]}""")]
    [InlineData("/v1/jails/", """{"status_code": 200, "jails": ["api", "db", "web"]}""")]
    [InlineData("/v1/stats", """{"status_code": 200, "stats": {"memoryuse": 1034, "pcpu": 2, "cputime": 1}}""")]
    [InlineData("/v1/jail/info/web", """{"status_code": 200, "info": {"name": "web", "status": "UP"}}""")]
    [InlineData("/v1/jail/stats/web", """{"status_code": 200, "stats": {"cputime": 1, "memoryuse": 1024}}""")]
    [InlineData("/v1/jail/stats/db", """{"status_code": 200, "stats": {}}""")]
    [InlineData("/v1/jail/cpuset/web", """{"status_code": 200, "cpuset": "0, 1"}""")]
    [InlineData("/v1/jail/cpuset/db", """{"status_code": 200, "cpuset": null}""")]
    [InlineData("/v1/jail/devfs/web", """{"status_code": 200, "devfs": [{"enabled": "1", "name": null, "rule": "path 'bpf*' unhide", "nro": "0"}]}""")]
    [InlineData("/v1/jail/labels/web", """{"status_code": 200, "labels": [{"value": "1", "name": "overlord.vm"}]}""")]
    [InlineData("/v1/jail/volumes/web", """{"status_code": 200, "volumes": []}""")]
    [InlineData("/v1/jail/expose/web", """{"status_code": 200, "expose": {}}""")]
    [InlineData("/v1/jail/healthcheck/web", """{"status_code": 200, "healthcheck": {}}""")]
    [InlineData("/v1/jail/limits/web", """{"status_code": 200, "limits": {}}""")]
    [InlineData("/v1/jail/fstab/web", """{"status_code": 200, "fstab": {}}""")]
    [InlineData("/v1/jail/nat/db", """{"status_code": 200, "nat": {}}""")]
    [InlineData("/v1/projects", """{"status_code": 200, "projects": ["wiki"]}""")]
    [InlineData("/v1/projects/", """{"status_code": 200, "projects": ["wiki"]}""")]
    [InlineData("/v1/project/info/orphan", """{"status_code": 200, "info": {"down": {"operation": "FAILED", "job_id": 9}}}""")]
    public async Task RoutesAnswerUpstreamsShapes(string path, string expected)
    {
        var (status, body, response) = await SendAsync(Node, HttpMethod.Get, path);

        Assert.True(status == 200, $"{path}: {status} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
        JsonAssert.Equal(expected, body);
    }

    [Fact]
    public async Task ProjectInfoMergesDescribeAndJobRecords()
    {
        var (status, body, _) = await SendAsync(Node, HttpMethod.Get, "/v1/project/info/wiki");

        Assert.Equal(200, status);
        var info = JsonNode.Parse(body)!["info"]!.AsObject();
        Assert.Equal(["name", "state", "last_log", "locked", "services", "up"], info.Select(p => p.Key));
        JsonAssert.Equal("""{"name": "db", "status": 0, "jail": "wiki-db"}""", info["services"]![0]!.ToJsonString());
        Assert.Equal("2025-06-14_09h41m07s", (string?)info["last_log"]);
        Assert.Equal(["operation", "last_update", "job_id"], info["up"]!.AsObject().Select(p => p.Key));
        Assert.True((double)info["up"]!["last_update"]! > 1e9); // seconds since the stored epoch 0
    }

    [Theory]
    [InlineData("/v1/jail/info/nosuchjail", "Jail 'nosuchjail' cannot be found.")]
    [InlineData("/v1/jail/volumes/nosuchjail", "Jail 'nosuchjail' cannot be found.")]
    [InlineData("/v1/project/info/nope", "Project 'nope' cannot be found.")]
    public async Task UnknownNamesAre404WithUpstreamsMessage(string path, string message)
    {
        var (status, body, _) = await SendAsync(Node, HttpMethod.Get, path);

        Assert.Equal(404, status);
        JsonAssert.Equal($$"""{"status_code": 404, "message": "{{message}}"}""", body);
    }

    [Theory]
    [InlineData("/v1/jail/info/web", 200)]
    [InlineData("/v1/jail/info/nosuchjail", 404)]
    [InlineData("/v1/project/info/wiki", 200)]
    [InlineData("/v1/project/info/orphan", 404)] // HEAD asks the project list, not the job records, as upstream
    [InlineData("/v1/jail/stats/web", 405)]
    [InlineData("/v1/jails", 405)]
    public async Task HeadAnswersWithoutBody(string path, int expected)
    {
        var (status, body, response) = await SendAsync(Node, HttpMethod.Head, path);

        Assert.Equal(expected, status);
        Assert.Equal("", body);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
    }

    [Theory]
    [InlineData("POST", "/v1/jails", true, 405, "Method Not Allowed")]
    [InlineData("DELETE", "/v1/jail/info/web", true, 405, "Method Not Allowed")]
    [InlineData("POST", "/v1/project/info/wiki", true, 405, "Method Not Allowed")]
    [InlineData("POST", "/v1/jails", false, 401, "'Authentication' header is required but hasn't been specified.")]
    [InlineData("GET", "/v1/jail/info/web", false, 401, "'Authentication' header is required but hasn't been specified.")]
    [InlineData("GET", "/v1/jail/info/bad.name", false, 404, "Not Found")]
    [InlineData("GET", "/v1/jail/info/-bad", true, 404, "Not Found")]
    [InlineData("GET", "/v1/jail/info/web/", true, 404, "Not Found")]
    [InlineData("GET", "/v1/jail/nope/web", true, 404, "Not Found")]
    [InlineData("GET", "/v1/project/info/bad name", true, 404, "Not Found")]
    [InlineData("GET", "/v1/projects/log/2026-01-01/web/start.log", false, 404, "Not Found")]
    [InlineData("GET", "/v1/projects/log/2026-01-01_00h00m00s/web/Start.log", true, 404, "Not Found")]
    public async Task RoutingAndMethodErrorsFollowTheGate(string method, string path, bool token, int expected, string message)
    {
        var (status, body, _) = await SendAsync(Node, new HttpMethod(method), path, token);

        Assert.True(status == expected, $"{method} {path}: {status} {body}");
        JsonAssert.Equal($$"""{"status_code": {{expected}}, "message": "{{message}}"}""", body);
    }

    [Fact]
    public async Task ReadsStampTheEntitiesTheyCover()
    {
        var cache = Node.Service<JailHostCache>();
        var before = cache.LastAsked(PollEntity.Nat);
        await Task.Delay(20, Ct);

        await SendAsync(Node, HttpMethod.Get, "/v1/jail/nat/web");
        await SendAsync(Node, HttpMethod.Get, "/v1/stats");

        Assert.True(cache.LastAsked(PollEntity.Nat) > before);
        Assert.True(cache.LastAsked(PollEntity.JailStats) > before);
        Assert.True(cache.LastAsked(PollEntity.Jails) > before);
    }

    [Fact]
    public async Task TheTypedClientReadsEveryShape()
    {
        var api = Node.Api();

        Assert.Equal(["api", "db", "web"], (await api.GetJailsAsync(Ct)).Jails);
        Assert.Equal(1034, (await api.GetServerStatsAsync(Ct)).Stats["memoryuse"]);
        Assert.Equal("UP", (await api.GetJailInfoAsync("web", Ct)).Info["status"]);
        Assert.Null((await api.GetJailCpusetAsync("db", Ct)).Cpuset);
        Assert.Equal("path 'bpf*' unhide", (await api.GetJailDevfsAsync("web", Ct)).Devfs![0]["rule"]);
        Assert.Null((await api.GetJailExposeAsync("web", Ct)).Expose); // upstream's {} for "never polled"
        Assert.Empty((await api.GetJailVolumesAsync("web", Ct)).Volumes!);
        Assert.Equal(HttpStatusCode.OK, (await api.CheckJailAsync("web", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.CheckJailAsync("nope", Ct)).StatusCode);
        var info = (await api.GetProjectInfoAsync("wiki", Ct)).Info;
        Assert.Equal(("wiki", "DONE", 2), (info.Name, info.State, info.Services!.Count));
        Assert.Equal("COMPLETED", (string?)info.Up!["operation"]);
        Assert.Equal(HttpStatusCode.OK, (await api.CheckProjectAsync("wiki", Ct)).StatusCode);
        var missing = await Assert.ThrowsAsync<Refit.ApiException>(() => api.GetJailStatsAsync("nope", Ct));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
