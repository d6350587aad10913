using Microsoft.AspNetCore.Http.HttpResults;
using Overlord.Core.Api;

namespace Overlord.Service.Api;

/// <summary><c>/</c>, <c>/v1</c> and <c>/v1/</c>: upstream answers 400 there, without asking for a token.</summary>
public static class RootEndpoints
{
    /// <summary>Maps the paths (routing matches <c>/v1/</c> with <c>/v1</c>).</summary>
    public static IEndpointRouteBuilder MapRoot(this IEndpointRouteBuilder app)
    {
        app.Map("/", ResourceMissing).WithMetadata(new ResourceMissingMetadata()).ExcludeFromDescription();
        app.Map("/v1", ResourceMissing).WithMetadata(new ResourceMissingMetadata()).ExcludeFromDescription();
        return app;
    }

    /// <summary>400 <c>API resource must be specified but is missing.</c></summary>
    public static JsonHttpResult<ErrorReply> ResourceMissing() =>
        UpstreamJson.Error(StatusCodes.Status400BadRequest, UpstreamJson.ResourceMissing);
}
