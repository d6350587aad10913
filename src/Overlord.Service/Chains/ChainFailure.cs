using System.Net.Http;
using System.Net.Sockets;
using Microsoft.AspNetCore.WebUtilities;

namespace Overlord.Service.Chains;

/// <summary>
/// Names a failed call to a child the way upstream's failure body does: <c>error</c> is the httpx exception class
/// (<c>HTTPStatusError</c>, <c>ConnectError</c>, <c>ConnectTimeout</c>, <c>ReadTimeout</c>, ...), so tools that match on
/// it keep working; the status is the child's when it answered, else 503.
/// </summary>
/// <param name="StatusCode">The status to answer with.</param>
/// <param name="Error">The failure kind.</param>
/// <param name="Message">What went wrong; never contains a token.</param>
/// <param name="Counts">True when smart timeouts should count it (5xx or no answer; never a 4xx).</param>
public sealed record ChainFailure(int StatusCode, string Error, string Message, bool Counts)
{
    /// <summary>Upstream's kind for a refused call to a disabled tail.</summary>
    public const string UnavailableChain = "UnavailableChain";

    /// <summary>The call to a disabled tail that was refused without connecting.</summary>
    public static ChainFailure Disabled { get; } = new(StatusCodes.Status503ServiceUnavailable, UnavailableChain, "Chain disabled by smart timeouts", true);

    /// <summary>A child answered <paramref name="status"/> (not 2xx) for <paramref name="url"/>.</summary>
    public static ChainFailure FromStatus(int status, Uri? url)
    {
        var kind = status switch
        {
            < 200 => "Informational response",
            < 400 => "Redirect response",
            < 500 => "Client error",
            _ => "Server error",
        };
        var message = $"{kind} '{status} {ReasonPhrases.GetReasonPhrase(status)}' for url '{url}'";
        return new ChainFailure(status, "HTTPStatusError", message, status >= 500);
    }

    /// <summary>A call that got no (complete) answer.</summary>
    public static ChainFailure FromException(Exception exception, bool connected = false)
    {
        var (kind, message) = exception switch
        {
            TimeoutException t => ("ReadTimeout", t.Message),
            OperationCanceledException { InnerException: TimeoutException t } => ("ConnectTimeout", t.Message),
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError } h
                => ("ConnectError", Describe(h)),
            HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse } h
                => ("RemoteProtocolError", Describe(h)),
            HttpRequestException h => (connected ? "ReadError" : "ConnectError", Describe(h)),
            IOException io => ("ReadError", io.Message),
            _ => (exception.GetType().Name, exception.Message),
        };
        return new ChainFailure(StatusCodes.Status503ServiceUnavailable, kind, message, true);
    }

    private static string Describe(HttpRequestException exception)
    {
        // The interesting part (refused, reset, certificate rejected) is usually in the inner exception.
        var inner = exception.InnerException switch
        {
            SocketException s => s.Message,
            { } e => e.Message,
            null => null,
        };
        return inner is null || exception.Message.Contains(inner, StringComparison.Ordinal) ? exception.Message : $"{exception.Message} ({inner})";
    }
}
