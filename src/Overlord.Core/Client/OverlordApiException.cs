using System.Net;

namespace Overlord.Core.Client;

/// <summary>
/// A failed call through <see cref="OverlordNode"/>, with Refit's exceptions translated so that callers outside
/// Core (the cmdlets, which must not see Refit types) can tell an unreachable node from a refusal.
/// </summary>
public sealed class OverlordApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The node's message (upstream <c>message</c>, chain failure fields) or the transport error.</param>
    /// <param name="address">The URL that was called.</param>
    /// <param name="statusCode">The HTTP status; null when the node did not answer.</param>
    /// <param name="innerException">The original exception.</param>
    public OverlordApiException(string message, Uri? address, HttpStatusCode? statusCode, Exception? innerException)
        : base(message, innerException)
    {
        Address = address;
        StatusCode = statusCode;
    }

    /// <summary>The URL that was called, when known.</summary>
    public Uri? Address { get; }

    /// <summary>The HTTP status the node answered; null when it did not answer at all (refused, timed out, DNS).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>True when the node answered no HTTP status.</summary>
    public bool IsUnreachable => StatusCode is null;
}
