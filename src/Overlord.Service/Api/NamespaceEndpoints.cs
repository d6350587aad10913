using Overlord.Core.Api;
using Overlord.Core.Specs;
using Overlord.Service.Metadata;

namespace Overlord.Service.Api;

/// <summary>
/// Upstream's namespace routes: <c>GET /v1/namespace[/]</c> and <c>GET|POST|PUT|DELETE|HEAD /v1/namespace/&lt;name&gt;</c>,
/// built by <see cref="NamespaceStore"/>. Differences from upstream: a missing or invalid mapping, or a file naming
/// metadata the node lacks, is 400 with a message naming the item (upstream 500); absolute paths are refused like
/// <c>..</c> (upstream strips the leading slash); nothing is written unless the whole mapping can be.
/// </summary>
public static class NamespaceEndpoints
{
    /// <summary>Upstream's 404 message.</summary>
    public const string NotFoundMessage = "Namespace cannot be found.";

    /// <summary>Maps the routes on the authenticated upstream group.</summary>
    public static RouteGroupBuilder MapNamespaces(this RouteGroupBuilder v1)
    {
        v1.Map("/namespace", List).Allow("GET").ExcludeFromDescription();
        v1.Map($"/namespace/{{name:{UpstreamNameConstraint.Name}(metadata)}}", Name).Allow("GET", "POST", "PUT", "DELETE", "HEAD").ExcludeFromDescription();
        return v1;
    }

    /// <summary><c>{"status_code": 200, "namespaces": [names]}</c>, sorted.</summary>
    public static IResult List(NamespaceStore store) =>
        UpstreamJson.Result(new NamespaceListReply(200, store.List()), UpstreamJson.Context.NamespaceListReply);

    /// <summary>One namespace: read, create, replace, delete or check.</summary>
    public static async Task<IResult> Name(HttpContext context, NamespaceStore store, string name)
    {
        var cancellationToken = context.RequestAborted;
        switch (context.Request.Method)
        {
            case "HEAD":
                return UpstreamJson.Head(store.Exists(name));
            case "GET":
                return store.Entries(name) is { } entries
                    ? UpstreamJson.Result(new NamespaceReply(200, entries), UpstreamJson.Context.NamespaceReply)
                    : UpstreamJson.Error(StatusCodes.Status404NotFound, NotFoundMessage);
            case "DELETE":
                return await store.DeleteAsync(name, cancellationToken).ConfigureAwait(false)
                    ? MetadataEndpoints.NoContent()
                    : UpstreamJson.Error(StatusCodes.Status404NotFound, NotFoundMessage);
            case "POST":
                if (store.Exists(name))
                {
                    return Message(StatusCodes.Status201Created, $"Namespace '{name}' has been successfully created."); // upstream: a no-op
                }
                return await WriteAsync(context, store, name, replace: false).ConfigureAwait(false);
            default: // PUT
                return await WriteAsync(context, store, name, replace: true).ConfigureAwait(false);
        }
    }

    private static async Task<IResult> WriteAsync(HttpContext context, NamespaceStore store, string name, bool replace)
    {
        if (BodyArguments.Array(context, "mapping", out var error) is not { } json)
        {
            return UpstreamJson.Error(StatusCodes.Status400BadRequest, error!);
        }
        if (NamespaceMappingRules.ParseJson(json, out error) is not { } mapping)
        {
            return UpstreamJson.Error(StatusCodes.Status400BadRequest, error!);
        }
        try
        {
            if (replace)
            {
                await store.ReplaceAsync(name, mapping, context.RequestAborted).ConfigureAwait(false);
                return Message(StatusCodes.Status200OK, $"Namespace '{name}' has been successfully updated.");
            }
            await store.CreateAsync(name, mapping, context.RequestAborted).ConfigureAwait(false);
            return Message(StatusCodes.Status201Created, $"Namespace '{name}' has been successfully created.");
        }
        catch (NamespaceWriteException e)
        {
            return UpstreamJson.Error(e.StatusCode, e.Message);
        }
    }

    private static IResult Message(int statusCode, string message) =>
        UpstreamJson.Result(new MessageReply(statusCode, message), UpstreamJson.Context.MessageReply, statusCode);
}
