using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Overlord.Core.Api;
using Overlord.Core.Config;
using Overlord.Core.Security;
using Overlord.Service.Hosting;
using Overlord.Service.Security;

namespace Overlord.Service.Tests.Support;

/// <summary>A child as a parent's config names it.</summary>
/// <param name="Entrypoint">The child's base URL.</param>
/// <param name="AccessToken">The token the parent sends.</param>
/// <param name="ExtraYaml">More keys of the chain entry, e.g. "cacert: /x.pem" or "timeout: 1".</param>
public sealed record ChainSpec(Uri Entrypoint, string AccessToken, string? ExtraYaml = null);

/// <summary>What a test node is made of.</summary>
public sealed record TestNodeSpec
{
    public required string Name { get; init; }

    public string[] Labels { get; init; } = ["all"];

    public IReadOnlyDictionary<string, ChainSpec> Chains { get; init; } = new Dictionary<string, ChainSpec>();

    /// <summary>Top-level YAML appended to the generated config.</summary>
    public string? ExtraYaml { get; init; }

    /// <summary>A fixed HTTP port (loop tests); null lets the system pick.</summary>
    public int? HttpPort { get; init; }

    /// <summary>Serve HTTPS with this PEM pair, on a system-picked port.</summary>
    public (string CertFile, string KeyFile)? Tls { get; init; }

    public Action<IServiceCollection>? ConfigureServices { get; init; }

    public long? MaxRequestBodySize { get; init; }

    /// <summary>The node's <c>secret_key</c>; null for a random one. Known secrets let a test mint tokens before the node starts.</summary>
    public string? Secret { get; init; }
}

/// <summary>
/// One real node: Kestrel on 127.0.0.1 with its own temp dir, secret and server id, stopped and deleted on dispose.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly List<IDisposable> _owned = [];
    private bool _stopped;

    private TestNode(TestNodeSpec spec, string directory, string secret, WebApplication app, NodeConfig config)
    {
        Spec = spec;
        Directory = directory;
        Secret = secret;
        App = app;
        Config = config;
        Tokens = new TokenService(Encoding.UTF8.GetBytes(secret));
        Token = TokenFor(secret, spec.Name);
    }

    /// <summary>A token that a node with <paramref name="secret"/> accepts.</summary>
    public static string TokenFor(string secret, string name = "test") =>
        new TokenService(Encoding.UTF8.GetBytes(secret)).Create(TokenService.Payload([new("node", name)], null));

    public TestNodeSpec Spec { get; }

    public string Name => Spec.Name;

    public string Directory { get; }

    public string Secret { get; }

    public NodeConfig Config { get; }

    public WebApplication App { get; }

    /// <summary>Signs tokens this node accepts.</summary>
    public TokenService Tokens { get; }

    /// <summary>A valid token for this node.</summary>
    public string Token { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public Uri? HttpsAddress { get; private set; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>Starts a node; the caller disposes it.</summary>
    public static async Task<TestNode> StartAsync(TestNodeSpec spec, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "overlord-node-" + spec.Name + "-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var secret = spec.Secret ?? $"secret-of-{spec.Name}-{Guid.NewGuid():N}";
        var yaml = Yaml(spec, secret);
        var result = NodeConfigLoader.Parse(yaml, Path.Combine(directory, "overlord.yml"), new NodeConfigLoaderOptions
        {
            Prefix = directory,
            Environment = _ => null,
        });
        if (!result.IsValid)
        {
            throw new InvalidOperationException("test config is invalid:\n" + string.Join('\n', result.Errors) + "\n" + yaml);
        }
        var app = NodeApp.Build(result.Config!, new NodeAppOptions
        {
            ListenAddress = System.Net.IPAddress.Loopback,
            HttpPort = spec.HttpPort ?? 0,
            HttpsPort = 0,
            MinimumLogLevel = LogLevel.Error,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
            ConfigureServices = spec.ConfigureServices,
            MaxRequestBodySize = spec.MaxRequestBodySize ?? NodeAppOptions.DefaultMaxRequestBodySize,
        });
        var node = new TestNode(spec, directory, secret, app, result.Config!);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        foreach (var address in NodeApp.BoundAddresses(app))
        {
            if (address.Scheme == Uri.UriSchemeHttps)
            {
                node.HttpsAddress = address;
            }
            else
            {
                node.BaseAddress = address;
            }
        }
        return node;
    }

    private static string Yaml(TestNodeSpec spec, string secret)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("port: 8888");
        yaml.AppendLine($"secret_key: \"{secret}\"");
        yaml.AppendLine($"labels: [{string.Join(", ", spec.Labels)}]");
        if (spec.Tls is { } tls)
        {
            yaml.AppendLine($"tls: {{certfile: \"{tls.CertFile}\", keyfile: \"{tls.KeyFile}\"}}");
        }
        if (spec.Chains.Count > 0)
        {
            yaml.AppendLine("chains:");
            foreach (var (name, chain) in spec.Chains)
            {
                yaml.AppendLine($"  {name}:");
                yaml.AppendLine($"    entrypoint: \"{chain.Entrypoint.GetLeftPart(UriPartial.Authority)}\"");
                yaml.AppendLine($"    access_token: \"{chain.AccessToken}\"");
                foreach (var line in (chain.ExtraYaml ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    yaml.AppendLine("    " + line.Trim());
                }
            }
        }
        if (spec.ExtraYaml is not null)
        {
            yaml.AppendLine(spec.ExtraYaml);
        }
        return yaml.ToString();
    }

    /// <summary>The typed client, with this node's token.</summary>
    public IOverlordApi Api()
    {
        var client = OverlordClient.Create(BaseAddress, Token);
        _owned.Add(client);
        return client.Api;
    }

    /// <summary>A plain client for this node, sending no token; callers add headers per request.</summary>
    public HttpClient Raw(HttpMessageHandler? handler = null)
    {
        var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: true);
        client.BaseAddress = BaseAddress;
        _owned.Add(client);
        return client;
    }

    /// <summary>This node as a chain entry of a parent.</summary>
    public ChainSpec AsChain(string? extraYaml = null) => new(BaseAddress, Token, extraYaml);

    /// <summary>Stops listening (the node's port then refuses connections).</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await App.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
        await StopAsync();
        await App.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
