namespace Overlord.Service.Api;

/// <summary>How a route answers its own errors.</summary>
public enum ErrorShape
{
    /// <summary>Upstream's <c>{"status_code": N, "message": "..."}</c>.</summary>
    Upstream,

    /// <summary>RFC 9457 ProblemDetails (our own routes).</summary>
    Problem,
}

/// <summary>Endpoint metadata: the route needs an access token; errors use <see cref="Shape"/>.</summary>
/// <param name="Shape">How errors are written.</param>
public sealed record TokenRequiredMetadata(ErrorShape Shape);

/// <summary>Endpoint metadata: the methods the route serves (checked after authentication, as upstream).</summary>
/// <param name="Methods">Upper-case method names; HEAD is never implied.</param>
public sealed record AllowedMethodsMetadata(IReadOnlyList<string> Methods);

/// <summary>Endpoint metadata: upstream's <c>/</c> and <c>/v1</c>, which answer 400 without a token.</summary>
public sealed record ResourceMissingMetadata;

/// <summary>Endpoint metadata: the generic chain router, which forwards any method.</summary>
public sealed record ChainRouteMetadata;

/// <summary>Helpers that attach the metadata above.</summary>
public static class RouteMetadataExtensions
{
    /// <summary>Every endpoint of the group needs a token; errors in <paramref name="shape"/>.</summary>
    public static TBuilder RequireOverlordToken<TBuilder>(this TBuilder builder, ErrorShape shape)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new TokenRequiredMetadata(shape));

    /// <summary>The endpoint serves only <paramref name="methods"/>; other methods get 405 after authentication.</summary>
    public static TBuilder Allow<TBuilder>(this TBuilder builder, params string[] methods)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AllowedMethodsMetadata(methods));
}
