using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Overlord.Core.Api;
using Overlord.Core.Config;
using Overlord.Core.Security;
using Overlord.Service.Api;
using Overlord.Service.Chains;
using Overlord.Service.Jails;
using Overlord.Service.Jails.Polling;
using Overlord.Service.Jobs;
using Overlord.Service.Security;

namespace Overlord.Service.Hosting;

/// <summary>
/// The composition root of a node: builds the web application for a loaded <see cref="NodeConfig"/>. Used by
/// <c>overlord-node serve</c> and, in-process, by tests (which listen on 127.0.0.1 with system-picked ports).
/// </summary>
public static class NodeApp
{
    /// <summary>
    /// Builds (does not start) the node. Throws <see cref="NodeStartupException"/> when the key file, server id,
    /// certificate or a chain's <c>cacert</c> cannot be used; nothing listens until the app is started.
    /// </summary>
    public static WebApplication Build(NodeConfig config, NodeAppOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        options ??= new NodeAppOptions();

        byte[] key;
        string? keyCreated;
        try
        {
            key = SecretKeyStore.Load(config, out keyCreated);
        }
        catch (SecretKeyException e)
        {
            throw new NodeStartupException(e.Message, e);
        }
        string? idCreated = null;
        var identity = options.ServerId is { } id ? new ServerIdentity(id) : ServerIdentity.Load(config, out idCreated);
        var certificate = config.Tls.Enabled ? LoadCertificate(config.Tls) : null;
        var chains = new ChainClients(config);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(NodeApp).Assembly.GetName().Name });
        // Per-request framework chatter stays out unless debugging; our own events and startup lines remain.
        var frameworkLevel = options.MinimumLogLevel < LogLevel.Information ? options.MinimumLogLevel : LogLevel.Warning;
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(options.MinimumLogLevel)
            .AddFilter("Microsoft.AspNetCore", frameworkLevel);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);

        builder.Services.AddOptions<NodeHostOptions>()
            .Configure(o =>
            {
                o.ListenAddress = options.ListenAddress;
                o.HttpPort = options.HttpPort ?? config.Port;
                o.HttpsPort = options.HttpsPort ?? config.Tls.Port;
                o.MaxRequestBodySize = options.MaxRequestBodySize;
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<NodeHostOptions>, NodeHostOptionsValidator>();

        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<NodeHostOptions>>((kestrel, host) =>
        {
            var listen = host.Value;
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = listen.MaxRequestBodySize;
            Listen(kestrel, listen.ListenAddress, listen.HttpPort, null);
            if (certificate is not null)
            {
                Listen(kestrel, listen.ListenAddress, listen.HttpsPort, certificate);
            }
        });

        builder.Services.AddRoutingCore();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, OverlordJsonContext.Default));
        builder.Services.AddHealthChecks().AddCheck<LifetimeHealthCheck>("lifetime", tags: [HealthEndpoints.ReadyTag]);
        builder.Services.AddOpenApi("v1");
        if (config.CompressResponse)
        {
            builder.Services.AddResponseCompression(o =>
            {
                o.Providers.Add<GzipCompressionProvider>();
                o.MimeTypes = ["application/json", "application/problem+json"];
            });
        }

        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton(identity);
        builder.Services.AddSingleton(new TokenService(key));
        builder.Services.AddSingleton<RequestAuthenticator>();
        // Registered through a factory so the container disposes the clients (and their connections) on shutdown.
        builder.Services.AddSingleton(_ => chains);
        builder.Services.TryAddSingleton(TimeProvider.System);
        // Smart timeouts, tail-only retries with a time budget, and the heartbeat.
        builder.Services.AddChainResilience(config);
        builder.Services.AddSingleton<ChainRouter>();
        builder.Services.AddSingleton<ChainTree>();
        builder.Services.AddJobs(config); // before the polling: its IProjectStatusSource placeholder is a TryAdd
        // The jail host's cache and pollers; idle until the AppJail/Director/rctl drivers are registered.
        builder.Services.AddJailPolling(config);
        builder.Services.AddSingleton<Metadata.MetadataStore>().AddSingleton<Metadata.NamespaceStore>();
        builder.Services.Configure<RouteOptions>(o => o.SetParameterPolicy<UpstreamNameConstraint>(UpstreamNameConstraint.Name));
        options.ConfigureServices?.Invoke(builder.Services);
        // After the test hook: TryAdd lets fakes or emulator-backed drivers registered there win.
        builder.Services.AddJailDrivers(config);

        var app = builder.Build();
        _ = app.Services.GetRequiredService<ChainClients>(); // now owned by the container
        _ = app.Services.GetRequiredService<JobStore>(); // opened now: a store that cannot be used stops the node before it listens
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Overlord.Service.Node");
        if (keyCreated is not null)
        {
            Log.SecretKeyCreated(logger, keyCreated);
        }
        if (idCreated is not null)
        {
            Log.ServerIdCreated(logger, idCreated);
        }
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var address in BoundAddresses(app))
            {
                Log.Listening(logger, address.ToString());
            }
            Log.Ready(logger, chains.All.Count, string.Join(',', config.Labels));
        });

        Configure(app, config);
        return app;
    }

    private static void Configure(WebApplication app, NodeConfig config)
    {
        // Upstream sets these on every answer, errors included.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.AccessControlAllowOrigin = "*";
                context.Response.Headers.AccessControlAllowHeaders = "*";
                return Task.CompletedTask;
            });
            return next(context);
        });
        if (config.CompressResponse)
        {
            app.UseResponseCompression();
        }
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = HandleExceptionAsync });
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseMiddleware<RequestGate>();

        app.MapHealth();
        app.MapRoot();
        var v1 = app.MapGroup("/v1").RequireOverlordToken(ErrorShape.Upstream);
        var own = app.MapGroup("/v1").RequireOverlordToken(ErrorShape.Problem);
        v1.MapNodeInfo();
        v1.MapJails();
        v1.MapProjects();
        v1.MapLogs();
        v1.MapStatuses();
        v1.MapMetadata().MapNamespaces();
        v1.MapChains(own);
        v1.MapJobs(own);
        app.MapOpenApi("/openapi/{documentName}.json").RequireOverlordToken(ErrorShape.Problem);
    }

    /// <summary>500 in the shape of the route: upstream's <c>Internal Server Error</c>, or ProblemDetails on our routes.</summary>
    private static async Task HandleExceptionAsync(HttpContext context)
    {
        var shape = context.GetEndpoint()?.Metadata.GetMetadata<TokenRequiredMetadata>()?.Shape ?? ErrorShape.Upstream;
        if (shape == ErrorShape.Problem)
        {
            var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
            await Problems.WriteAsync(problems, context, StatusCodes.Status500InternalServerError, "The node failed to answer; see its log.").ConfigureAwait(false);
            return;
        }
        await UpstreamJson.WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "Internal Server Error").ConfigureAwait(false);
    }

    private static void Listen(KestrelServerOptions kestrel, System.Net.IPAddress? address, int port, X509Certificate2? certificate)
    {
        Action<ListenOptions> configure = listen =>
        {
            listen.Protocols = certificate is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        };
        if (address is null)
        {
            kestrel.ListenAnyIP(port, configure);
        }
        else
        {
            kestrel.Listen(address, port, configure);
        }
    }

    private static X509Certificate2 LoadCertificate(TlsConfig tls)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(tls.CertFile!, tls.KeyFile!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new NodeStartupException($"tls: cannot load certfile '{tls.CertFile}' with keyfile '{tls.KeyFile}': {e.Message}", e);
        }
    }

    /// <summary>The addresses the started app listens on (with the ports the system picked).</summary>
    public static IReadOnlyList<Uri> BoundAddresses(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return [.. addresses.Select(a => new Uri(a))];
    }
}
