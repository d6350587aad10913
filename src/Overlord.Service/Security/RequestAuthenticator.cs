using Microsoft.AspNetCore.Http;
using Overlord.Core.Security;

namespace Overlord.Service.Security;

/// <summary>The outcome of checking a request's token: success, or the status and upstream's message.</summary>
/// <param name="StatusCode">0 on success, else 400 or 401.</param>
/// <param name="Message">Upstream's text for the failure; null on success.</param>
/// <param name="Reason">A short, token-free reason for logs.</param>
public readonly record struct AuthenticationOutcome(int StatusCode, string? Message, string Reason)
{
    /// <summary>True when the request may go on.</summary>
    public bool Succeeded => StatusCode == 0;

    internal static AuthenticationOutcome Success { get; } = new(0, null, "ok");
}

/// <summary>
/// Upstream's token check (<c>JSONAuthHandler.prepare</c>), in its order: the <c>Authentication</c> header must be there
/// (401), split on the first space into two parts (400), the scheme must be exactly <c>Bearer</c> (400), and the
/// token must decode (401). Deliberate difference: when <c>Authentication</c> is absent the standard
/// <c>Authorization</c> header is read instead, with the scheme compared case-insensitively as RFC 9110 says.
/// </summary>
public sealed class RequestAuthenticator(TokenService tokens)
{
    /// <summary>Upstream's header.</summary>
    public const string AuthenticationHeader = "Authentication";

    /// <summary>The standard header, accepted as a fallback.</summary>
    public const string AuthorizationHeader = "Authorization";

    /// <summary>Upstream's message for a missing header.</summary>
    public const string MissingMessage = "'Authentication' header is required but hasn't been specified.";

    /// <summary>Upstream's message for a token that does not decode.</summary>
    public const string DecodeMessage = "Error while decoding the JWT.";

    /// <summary>Upstream's message for a scheme other than <c>Bearer</c>.</summary>
    public const string SchemeMessage = "Authentication scheme is invalid for this entrypoint.";

    /// <summary>Checks the request's headers.</summary>
    public async Task<AuthenticationOutcome> AuthenticateAsync(IHeaderDictionary headers)
    {
        var header = AuthenticationHeader;
        string? value = headers.TryGetValue(AuthenticationHeader, out var values) ? values.ToString() : null;
        if (value is null && headers.TryGetValue(AuthorizationHeader, out values))
        {
            header = AuthorizationHeader;
            value = values.ToString();
        }
        if (value is null)
        {
            return new AuthenticationOutcome(StatusCodes.Status401Unauthorized, MissingMessage, "no token header");
        }
        // Python's str.split(" ", 1): exactly one space separates scheme and token; the token may be empty.
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return new AuthenticationOutcome(StatusCodes.Status400BadRequest, $"'{header}' header is invalid for this entrypoint.", "header without scheme");
        }
        var scheme = value[..space];
        var comparison = header == AuthenticationHeader ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        if (!string.Equals(scheme, "Bearer", comparison))
        {
            return new AuthenticationOutcome(StatusCodes.Status400BadRequest, SchemeMessage, "scheme is not Bearer");
        }
        return await tokens.ValidateAsync(value[(space + 1)..]).ConfigureAwait(false)
            ? AuthenticationOutcome.Success
            : new AuthenticationOutcome(StatusCodes.Status401Unauthorized, DecodeMessage, "token rejected");
    }
}
