using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Overlord.Service.Api;

/// <summary>ProblemDetails (RFC 9457) for our own routes.</summary>
public static class Problems
{
    /// <summary>Writes a problem with the standard title for <paramref name="statusCode"/> and <paramref name="detail"/>.</summary>
    public static async Task WriteAsync(IProblemDetailsService service, HttpContext context, int statusCode, string detail)
    {
        context.Response.StatusCode = statusCode;
        var problem = new ProblemDetails
        {
            Status = statusCode,
            Title = ReasonPhrases.GetReasonPhrase(statusCode),
            Detail = detail,
        };
        if (!await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).ConfigureAwait(false))
        {
            await context.Response.WriteAsJsonAsync(problem, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
