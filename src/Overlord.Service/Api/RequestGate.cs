using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Overlord.Service.Chains;
using Overlord.Service.Hosting;
using Overlord.Service.Security;

namespace Overlord.Service.Api;

/// <summary>The request body, read once by <see cref="RequestGate"/> (at most the size limit) and kept for forwarding.</summary>
/// <param name="Bytes">The body; empty when there was none.</param>
public sealed record BufferedRequestBody(byte[] Bytes);

/// <summary>
/// Upstream's request checks in upstream's order, for every route except health: a method Tornado does not know →
/// 405; no route → 404 <c>Not Found</c>; <c>/</c> and <c>/v1</c> → 400 (no token needed); then the JSON body (if any)
/// must be an object (400, checked before the token as upstream does); then the token (401/400); then loop
/// protection (508); then OPTIONS → 200 and a method the route lacks → 405. Upstream routes answer in upstream's
/// envelope, our own routes in ProblemDetails.
/// </summary>
public sealed class RequestGate(
    RequestDelegate next,
    RequestAuthenticator authenticator,
    ServerIdentity identity,
    IOptions<NodeHostOptions> hostOptions,
    IProblemDetailsService problems,
    ILogger<RequestGate> logger)
{
    // Tornado's RequestHandler.SUPPORTED_METHODS: anything else is 405 before routing matters.
    private static readonly HashSet<string> KnownMethods = new(StringComparer.Ordinal)
    {
        "GET", "HEAD", "POST", "DELETE", "PATCH", "PUT", "OPTIONS",
    };

    private readonly long _maxBody = hostOptions.Value.MaxRequestBodySize;

    /// <summary>Runs the checks, then the endpoint.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var token = endpoint?.Metadata.GetMetadata<TokenRequiredMetadata>();
        var missing = endpoint?.Metadata.GetMetadata<ResourceMissingMetadata>();
        if (endpoint is not null && token is null && missing is null)
        {
            await next(context).ConfigureAwait(false); // health and other anonymous endpoints
            return;
        }
        var shape = token?.Shape ?? ErrorShape.Upstream;
        var method = context.Request.Method;
        if (shape == ErrorShape.Upstream && !KnownMethods.Contains(method))
        {
            await FailAsync(context, shape, StatusCodes.Status405MethodNotAllowed, UpstreamJson.MethodNotAllowed).ConfigureAwait(false);
            return;
        }
        if (endpoint is null || (endpoint.Metadata.GetMetadata<ChainRouteMetadata>() is not null && !IsChainRoute(context)))
        {
            await UpstreamJson.WriteErrorAsync(context, StatusCodes.Status404NotFound, UpstreamJson.NotFound).ConfigureAwait(false);
            return;
        }
        if (missing is not null)
        {
            // Upstream's RequiredResourceHandler answers before reading the body or the token; HEAD and PATCH have no
            // handler there and get 405.
            if (HttpMethods.IsHead(method) || HttpMethods.IsPatch(method))
            {
                await UpstreamJson.WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, UpstreamJson.MethodNotAllowed).ConfigureAwait(false);
                return;
            }
            await next(context).ConfigureAwait(false);
            return;
        }

        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            Log.RequestTooLarge(logger, context.Request.Path, _maxBody);
            await FailAsync(context, shape, StatusCodes.Status413PayloadTooLarge, $"Request body is larger than {_maxBody} bytes.").ConfigureAwait(false);
            return;
        }
        if (body.Length > 0 && CheckJson(body) is { } jsonProblem)
        {
            await FailAsync(context, shape, StatusCodes.Status400BadRequest, jsonProblem).ConfigureAwait(false);
            return;
        }
        context.Features.Set(new BufferedRequestBody(body));

        var outcome = await authenticator.AuthenticateAsync(context.Request.Headers).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            Log.AuthenticationFailed(logger, method, context.Request.Path, outcome.Reason);
            await FailAsync(context, shape, outcome.StatusCode, outcome.Message!).ConfigureAwait(false);
            return;
        }
        if (HopHeaders.HasVisited(context.Request, identity.Id))
        {
            Log.LoopRefused(logger, method, context.Request.Path);
            await FailAsync(context, shape, StatusCodes.Status508LoopDetected,
                "Loop Detected: this call has already passed through this node; check the chains of the nodes on its path.").ConfigureAwait(false);
            return;
        }
        if (HttpMethods.IsOptions(method))
        {
            // Upstream's JSONHandler.options: an empty 200 that lists the methods.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = UpstreamJson.ContentType;
            context.Response.Headers["Access-Control-Allow-Methods"] = UpstreamJson.AllowMethods;
            context.Response.ContentLength = 0;
            return;
        }
        var allowed = endpoint.Metadata.GetMetadata<AllowedMethodsMetadata>();
        if (allowed is not null && !allowed.Methods.Contains(method, StringComparer.OrdinalIgnoreCase))
        {
            await FailAsync(context, shape, StatusCodes.Status405MethodNotAllowed, UpstreamJson.MethodNotAllowed).ConfigureAwait(false);
            return;
        }
        await next(context).ConfigureAwait(false);
    }

    /// <summary>
    /// The router's path segment must match upstream's route pattern and a route must follow it; otherwise upstream
    /// has no route for the URL and answers 404 before looking at the token.
    /// </summary>
    private static bool IsChainRoute(HttpContext context)
    {
        var path = context.Request.RouteValues["path"] as string;
        var route = context.Request.RouteValues["route"] as string;
        return !string.IsNullOrEmpty(path) && ChainRouter.IsRoutablePath(path) && !string.IsNullOrEmpty(route);
    }

    private static string? CheckJson(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? null
                : "A dictionary was expected but another value type was given.";
        }
        catch (JsonException)
        {
            return "Request has been received with an invalid format.";
        }
    }

    /// <summary>The whole body, or null when it is over the limit.</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > _maxBody)
        {
            return null;
        }
        if (request.ContentLength == 0 || (request.ContentLength is null && StringValues.IsNullOrEmpty(request.Headers.TransferEncoding)))
        {
            return [];
        }
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = _maxBody;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > _maxBody)
                {
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return buffer.ToArray();
    }

    private async Task FailAsync(HttpContext context, ErrorShape shape, int statusCode, string message)
    {
        if (shape == ErrorShape.Upstream)
        {
            await UpstreamJson.WriteErrorAsync(context, statusCode, message).ConfigureAwait(false);
            return;
        }
        await Problems.WriteAsync(problems, context, statusCode, message).ConfigureAwait(false);
    }
}
