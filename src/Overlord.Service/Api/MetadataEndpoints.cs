using Overlord.Core.Api;
using Overlord.Service.Metadata;

namespace Overlord.Service.Api;

/// <summary>
/// Upstream's metadata routes: <c>GET /v1/metadata[/]</c> and <c>GET|POST|PUT|DELETE|HEAD /v1/metadata/&lt;key&gt;</c>,
/// stored by <see cref="MetadataStore"/>. Differences from upstream: the list is empty (not 500) before the directory
/// exists, and a value over <c>metadata.size</c> is 413 (upstream 400) with upstream's message; nothing is written.
/// </summary>
public static class MetadataEndpoints
{
    /// <summary>Upstream's 404 message.</summary>
    public const string NotFoundMessage = "Metadata cannot be found.";

    /// <summary>Maps the routes on the authenticated upstream group.</summary>
    public static RouteGroupBuilder MapMetadata(this RouteGroupBuilder v1)
    {
        v1.Map("/metadata", List).Allow("GET").ExcludeFromDescription();
        v1.Map($"/metadata/{{key:{UpstreamNameConstraint.Name}(metadata)}}", Key).Allow("GET", "POST", "PUT", "DELETE", "HEAD").ExcludeFromDescription();
        return v1;
    }

    /// <summary><c>{"status_code": 200, "metadata": [keys]}</c>, sorted.</summary>
    public static IResult List(MetadataStore store) =>
        UpstreamJson.Result(new MetadataListReply(200, store.List()), UpstreamJson.Context.MetadataListReply);

    /// <summary>One key: read, create, update, delete or check.</summary>
    public static async Task<IResult> Key(HttpContext context, MetadataStore store, string key)
    {
        var cancellationToken = context.RequestAborted;
        switch (context.Request.Method)
        {
            case "HEAD":
                return UpstreamJson.Head(store.Exists(key));
            case "GET":
                return await store.ReadAsync(key, cancellationToken).ConfigureAwait(false) is { } value
                    ? UpstreamJson.Result(new MetadataReply(200, value), UpstreamJson.Context.MetadataReply)
                    : UpstreamJson.Error(StatusCodes.Status404NotFound, NotFoundMessage);
            case "DELETE":
                return await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false)
                    ? NoContent()
                    : UpstreamJson.Error(StatusCodes.Status404NotFound, NotFoundMessage);
            case "POST":
                if (store.Exists(key))
                {
                    return Created(key); // upstream: nothing written, the body is not even read
                }
                return await WriteAsync(context, store, key, create: true).ConfigureAwait(false);
            default: // PUT
                if (!store.Exists(key))
                {
                    return UpstreamJson.Error(StatusCodes.Status404NotFound, NotFoundMessage);
                }
                return await WriteAsync(context, store, key, create: false).ConfigureAwait(false);
        }
    }

    private static async Task<IResult> WriteAsync(HttpContext context, MetadataStore store, string key, bool create)
    {
        if (BodyArguments.String(context, "value", out var error) is not { } value)
        {
            return UpstreamJson.Error(StatusCodes.Status400BadRequest, error!);
        }
        var length = MetadataStore.Length(value);
        if (length > store.MaxSize)
        {
            return UpstreamJson.Error(StatusCodes.Status413PayloadTooLarge, $"{key}: metadata too long - {length} > {store.MaxSize}");
        }
        if (create)
        {
            await store.CreateAsync(key, value, context.RequestAborted).ConfigureAwait(false);
            return Created(key);
        }
        return await store.UpdateAsync(key, value, context.RequestAborted).ConfigureAwait(false) == MetadataWrite.NotFound
            ? UpstreamJson.Error(StatusCodes.Status404NotFound, NotFoundMessage) // deleted meanwhile
            : UpstreamJson.Result(new MessageReply(200, $"Metadata '{key}' has been successfully updated."), UpstreamJson.Context.MessageReply);
    }

    private static IResult Created(string key) =>
        UpstreamJson.Result(new MessageReply(201, $"Metadata '{key}' has been successfully created."), UpstreamJson.Context.MessageReply, StatusCodes.Status201Created);


    /// <summary>204 with no body, as upstream's DELETE.</summary>
    internal static IResult NoContent() => new NoContentResult();

    private sealed class NoContentResult : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status204NoContent;
            httpContext.Response.ContentType = UpstreamJson.ContentType;
            return Task.CompletedTask;
        }
    }
}
