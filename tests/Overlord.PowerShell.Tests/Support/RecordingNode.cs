using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Overlord.PowerShell.Tests.Support;

/// <summary>
/// A scripted node on 127.0.0.1 (free port) that records every request: a tree main → alpha → bravo plus an
/// unreachable child 'broken'; project up/down/cancel answer a job id (or 500 on the chains in <see cref="FailingChains"/>);
/// jobs answer <see cref="JobStatus"/>. For the cmdlet behaviour that a real node cannot be made to show on demand.
/// </summary>
internal sealed class RecordingNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _nextJob;

    private RecordingNode(WebApplication app) => _app = app;

    /// <summary>Every request as "METHOD /path".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Chains ("" for the node itself) whose project calls answer 500.</summary>
    public HashSet<string> FailingChains { get; } = [];

    /// <summary>The status every job has; terminal unless QUEUED or RUNNING.</summary>
    public Func<long, string> JobStatus { get; set; } = _ => "COMPLETED";

    public Uri Address { get; private set; } = null!;

    public IEnumerable<string> Posts => Requests.Where(r => r.StartsWith("POST ", StringComparison.Ordinal));

    public static async Task<RecordingNode> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var node = new RecordingNode(app);
        app.Use(async (context, next) =>
        {
            node.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            await next(context);
        });
        app.MapGet("/v1/chains/tree", () => Results.Text(Tree, "application/json"));
        foreach (var action in new[] { "up", "down", "cancel" })
        {
            app.MapPost($"/v1/project/{action}/{{project}}", (string project) => node.Queue(""));
            app.MapPost($"/v1/chain/{{chain}}/project/{action}/{{project}}", (string chain, string project) => node.Queue(chain));
        }
        app.MapGet("/v1/jobs/{id:long}", (long id) => node.Job(id));
        app.MapGet("/v1/chain/{chain}/jobs/{id:long}", (string chain, long id) => node.Job(id));
        await app.StartAsync();
        node.Address = new Uri(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return node;
    }

    private const string Tree = """
        {"status_code":200,"labels":["all","main"],"chains":[
          {"name":"alpha","labels":["all","web","db"],"chains":[{"name":"bravo","labels":["all","web"],"chains":[]}]},
          {"name":"broken","error":{"status_code":503,"error":"ConnectError","message":"Connection refused"}}]}
        """;

    private IResult Queue(string chain)
    {
        if (FailingChains.Contains(chain))
        {
            return Results.Json(new JsonObject { ["status_code"] = 500, ["message"] = $"boom on '{chain}'" }, statusCode: 500);
        }
        return Results.Json(new JsonObject { ["status_code"] = 200, ["job_id"] = Interlocked.Increment(ref _nextJob) });
    }

    private IResult Job(long id)
    {
        if (id > Interlocked.Read(ref _nextJob))
        {
            return Results.Json(new JsonObject { ["status_code"] = 404, ["message"] = "job not found" }, statusCode: 404);
        }
        var status = JobStatus(id);
        var terminal = status is not ("QUEUED" or "RUNNING");
        var now = DateTimeOffset.UtcNow;
        return Results.Json(new JsonObject
        {
            ["id"] = id,
            ["kind"] = "create",
            ["project"] = "web",
            ["status"] = status,
            ["terminal"] = terminal,
            ["spec_hash"] = null,
            ["restarted"] = false,
            ["created"] = now,
            ["started"] = now,
            ["finished"] = terminal ? now : null,
            ["output"] = terminal ? new JsonObject { ["rc"] = status == "COMPLETED" ? 0 : 1, ["stdout"] = new JsonObject { ["errlevel"] = status == "COMPLETED" ? 0 : 2, ["failed"] = status == "COMPLETED" ? new JsonArray() : new JsonArray("app") } } : null,
            ["exception"] = null,
            ["message"] = null,
            ["steps"] = new JsonArray(),
            ["history"] = new JsonArray(),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
