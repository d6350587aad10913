using System.Net;

namespace Overlord.Service.Hosting;

/// <summary>
/// What <see cref="NodeApp.Build"/> takes besides the config: where to listen and the seams tests swap. The defaults
/// are what <c>overlord-node serve</c> uses.
/// </summary>
public sealed record NodeAppOptions
{
    /// <summary>The request size limit <c>serve</c> uses: 4 MiB.</summary>
    public const long DefaultMaxRequestBodySize = 4L * 1024 * 1024;

    /// <summary>Address both listeners bind (<c>--listen</c>); null for every address (IPv4 and IPv6).</summary>
    public IPAddress? ListenAddress { get; init; }

    /// <summary>Plain HTTP port instead of the config's <c>port</c>; 0 lets the system pick one.</summary>
    public int? HttpPort { get; init; }

    /// <summary>HTTPS port instead of the config's <c>tls.port</c>; 0 lets the system pick one.</summary>
    public int? HttpsPort { get; init; }

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    public long MaxRequestBodySize { get; init; } = DefaultMaxRequestBodySize;

    /// <summary>The server id instead of the one in the <c>serverid</c> file.</summary>
    public string? ServerId { get; init; }

    /// <summary>Lowest level logged to the console.</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;

    /// <summary>How long in-flight requests get to finish on shutdown.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Runs after the node's services are registered: replace seams (<c>IChainHealth</c>, <c>IChainCallPolicy</c>) here.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
