using System.Net.Http.Headers;

namespace Overlord.Core.Api;

/// <summary>
/// Adds upstream's <c>Authentication: Bearer &lt;token&gt;</c> header to every request. Upstream nodes read only
/// <c>Authentication</c> (not the standard <c>Authorization</c>), so this header is the one that works everywhere.
/// The token never appears in <see cref="ToString"/>, exceptions or logs.
/// </summary>
public sealed class OverlordAuthHandler : DelegatingHandler
{
    /// <summary>The header upstream reads the token from.</summary>
    public const string HeaderName = "Authentication";

    /// <summary>The only scheme upstream accepts; case-sensitive.</summary>
    public const string Scheme = "Bearer";

    private readonly string _value;

    /// <summary>Sends <paramref name="token"/> on every request.</summary>
    public OverlordAuthHandler(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        _value = Scheme + " " + token;
    }

    /// <summary>Sends <paramref name="token"/> on every request, then passes it to <paramref name="innerHandler"/>.</summary>
    public OverlordAuthHandler(string token, HttpMessageHandler innerHandler) : this(token) => InnerHandler = innerHandler;

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(HeaderName);
        request.Headers.TryAddWithoutValidation(HeaderName, _value);
        return base.SendAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    public override string ToString() => nameof(OverlordAuthHandler);
}
