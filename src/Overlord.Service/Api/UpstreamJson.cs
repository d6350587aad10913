using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using Overlord.Core.Api;

namespace Overlord.Service.Api;

/// <summary>
/// Writes upstream's JSON bodies: <c>{"status_code": N, ...}</c> with <c>Content-Type: application/json</c> (no
/// charset parameter, as upstream). Characters are escaped as little as JSON allows (upstream's Python encoder
/// writes <c>'</c> as is), so messages read the same; key order comes from the DTO records.
/// </summary>
public static class UpstreamJson
{
    /// <summary>Upstream's content type.</summary>
    public const string ContentType = "application/json";

    /// <summary>Upstream's body for a method the route lacks.</summary>
    public const string MethodNotAllowed = "Method Not Allowed";

    /// <summary>Upstream's body for a path no route matches.</summary>
    public const string NotFound = "Not Found";

    /// <summary>Upstream's body for <c>/</c> and <c>/v1</c>.</summary>
    public const string ResourceMissing = "API resource must be specified but is missing.";

    /// <summary>Upstream's methods for OPTIONS answers (<c>Access-Control-Allow-Methods</c>).</summary>
    public const string AllowMethods = "POST, GET, PUT, DELETE, OPTIONS";

    /// <summary>Metadata for the DTOs with upstream-like escaping.</summary>
    public static OverlordJsonContext Context { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>A typed result writing <paramref name="value"/> as upstream would.</summary>
    public static JsonHttpResult<T> Result<T>(T value, JsonTypeInfo<T> typeInfo, int statusCode = StatusCodes.Status200OK) =>
        TypedResults.Json(value, typeInfo, ContentType, statusCode);

    /// <summary>A typed result of <c>{"status_code": N, "message": "..."}</c> with status N.</summary>
    public static JsonHttpResult<ErrorReply> Error(int statusCode, string message) =>
        Result(new ErrorReply(statusCode, message), Context.ErrorReply, statusCode);

    /// <summary>A HEAD answer: 200 or 404 with upstream's content type and no body.</summary>
    public static IResult Head(bool found) => new HeadResult(found ? StatusCodes.Status200OK : StatusCodes.Status404NotFound);

    /// <summary>Writes <c>{"status_code": N, "message": "..."}</c>.</summary>
    public static Task WriteErrorAsync(HttpContext context, int statusCode, string message) =>
        WriteAsync(context, statusCode, new ErrorReply(statusCode, message), Context.ErrorReply);

    /// <summary>Writes <paramref name="value"/> with <paramref name="statusCode"/> (no body is sent for HEAD, as upstream).</summary>
    public static async Task WriteAsync<T>(HttpContext context, int statusCode, T value, JsonTypeInfo<T> typeInfo)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        response.ContentLength = bytes.Length;
        // Kestrel drops body writes for HEAD and keeps Content-Length, which is what upstream answers.
        await response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private sealed class HeadResult(int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = ContentType;
            httpContext.Response.ContentLength = 0;
            return Task.CompletedTask;
        }
    }
}
