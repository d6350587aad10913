using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Overlord.Core.Config;
using Overlord.Core.Security;
using Overlord.Emulators;
using Overlord.Service.Hosting;
using Overlord.Service.Security;

namespace Overlord.Benchmarks.Shared;

/// <summary>
/// One node in the bench process over an emulated host, on 127.0.0.1 with a system-picked port. Its pollers are parked
/// (interval 3600 s, no skew) so that only what a bench drives runs; <paramref name="extraYaml"/> adds config keys.
/// </summary>
internal sealed class BenchNode : IAsyncDisposable
{
    private BenchNode(WebApplication app, Uri baseAddress, string token)
    {
        App = app;
        BaseAddress = baseAddress;
        Token = token;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    /// <summary>A token the node accepts.</summary>
    public string Token { get; }

    public static async Task<BenchNode> StartAsync(EmulatedHost host, string extraYaml = "")
    {
        var secret = "bench-" + Guid.NewGuid().ToString("N");
        var yaml = $"""
            secret_key: "{secret}"
            polling:
              jails: 3600
              jail_info: 3600
              jail_stats: 3600
              jail_extras: 3600
              projects: 3600
              project_info: 3600
              skew: [0, 0]
            """ + "\n" + extraYaml + "\n" + host.NodeConfigYaml();
        var loaded = NodeConfigLoader.Parse(yaml, Path.Combine(host.Root, "overlord.yml"), new NodeConfigLoaderOptions { Prefix = host.Root, Environment = _ => null });
        if (!loaded.IsValid)
        {
            throw new InvalidOperationException("bench config is invalid:\n" + string.Join('\n', loaded.Errors));
        }
        var app = NodeApp.Build(loaded.Config!, new NodeAppOptions
        {
            ListenAddress = System.Net.IPAddress.Loopback,
            HttpPort = 0,
            HttpsPort = 0,
            MinimumLogLevel = LogLevel.Warning,
        });
        await app.StartAsync();
        var baseAddress = NodeApp.BoundAddresses(app).First(a => a.Scheme == Uri.UriSchemeHttp);
        var token = new TokenService(System.Text.Encoding.UTF8.GetBytes(secret)).Create(TokenService.Payload([], null));
        return new BenchNode(app, baseAddress, token);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
