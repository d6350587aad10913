using Refit;

namespace Overlord.Core.Api;

/// <summary>How <see cref="OverlordClient"/> builds its <see cref="HttpClient"/>.</summary>
public sealed record OverlordClientOptions
{
    /// <summary>The transport under the auth handler; null for a new <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? InnerHandler { get; init; }

    /// <summary>Dispose <see cref="InnerHandler"/> with the client. Ignored when this factory creates the handler (always disposed).</summary>
    public bool DisposeInnerHandler { get; init; } = true;

    /// <summary>Timeout of one call; <see cref="Timeout.InfiniteTimeSpan"/> leaves it to the cancellation token.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(100);
}

/// <summary>
/// Builds <see cref="IOverlordApi"/> clients. Each client owns one long-lived <see cref="HttpClient"/> whose handler
/// chain is <see cref="OverlordAuthHandler"/> over a pooled socket handler; keep the client for as long as the node
/// is talked to.
/// </summary>
public static class OverlordClient
{
    /// <summary>Refit settings that read and write the DTOs through <see cref="OverlordJsonContext"/>.</summary>
    public static RefitSettings Settings { get; } = new(SystemTextJsonContentSerializer.ForContext(OverlordJsonContext.Default));

    /// <summary>
    /// A client for the node at <paramref name="baseAddress"/> (e.g. <c>http://10.0.0.2:8888</c>) that sends
    /// <paramref name="token"/> as <c>Authentication: Bearer</c>. Dispose the returned <see cref="OverlordApiClient"/>
    /// to close its connections.
    /// </summary>
    public static OverlordApiClient Create(Uri baseAddress, string token, OverlordClientOptions? options = null)
    {
        var http = CreateHttpClient(baseAddress, token, options);
        return new OverlordApiClient(http, Create(http));
    }

    /// <summary>An <see cref="IOverlordApi"/> over an <see cref="HttpClient"/> the caller owns and has set up (base address, auth handler).</summary>
    public static IOverlordApi Create(HttpClient httpClient) => RestService.ForGenerated<IOverlordApi>(httpClient, Settings);

    /// <summary>The <see cref="HttpClient"/> that <see cref="Create(Uri, string, OverlordClientOptions?)"/> uses; the caller owns it.</summary>
    public static HttpClient CreateHttpClient(Uri baseAddress, string token, OverlordClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        options ??= new OverlordClientOptions();
        var inner = options.InnerHandler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        var auth = new OverlordAuthHandler(token, inner);
        var disposeHandler = options.InnerHandler is null || options.DisposeInnerHandler;
        return new HttpClient(auth, disposeHandler) { BaseAddress = baseAddress, Timeout = options.Timeout };
    }
}

/// <summary>An <see cref="IOverlordApi"/> together with the <see cref="HttpClient"/> it owns.</summary>
public sealed class OverlordApiClient : IDisposable
{
    internal OverlordApiClient(HttpClient http, IOverlordApi api)
    {
        Http = http;
        Api = api;
    }

    /// <summary>The typed API.</summary>
    public IOverlordApi Api { get; }

    /// <summary>The underlying client, for calls the interface does not (yet) describe.</summary>
    public HttpClient Http { get; }

    /// <inheritdoc />
    public void Dispose() => Http.Dispose();
}
