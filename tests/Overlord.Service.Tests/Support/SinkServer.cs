using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Overlord.Service.Hosting;

namespace Overlord.Service.Tests.Support;

/// <summary>A request as a sink received it.</summary>
public sealed record SinkRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// A bare HTTP server on 127.0.0.1 that plays a child node (or an upstream node): it records every request and
/// answers with the handler the test gives.
/// </summary>
public sealed class SinkServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SinkServer(WebApplication app) => _app = app;

    public ConcurrentQueue<SinkRequest> Requests { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<SinkServer> StartAsync(Func<HttpContext, Task> handler, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var sink = new SinkServer(app);
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            sink.Requests.Enqueue(new SinkRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body.ToArray()));
            await handler(context);
        });
        await app.StartAsync(cancellationToken);
        sink.BaseAddress = NodeApp.BoundAddresses(app).Single();
        return sink;
    }

    /// <summary>Answers <paramref name="status"/> with an upstream-style JSON body.</summary>
    public static Func<HttpContext, Task> Json(int status, string json) => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted);
    };

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
