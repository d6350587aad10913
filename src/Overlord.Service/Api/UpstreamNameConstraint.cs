using System.Text.RegularExpressions;
using Overlord.Core;

namespace Overlord.Service.Api;

/// <summary>
/// Route constraint <c>{x:upstream(rule)}</c>: the value must match the pattern upstream's route table uses for that
/// part, and the path must not end in <c>/</c> (these upstream routes have no optional slash). A mismatch means no
/// route, so <see cref="RequestGate"/> answers 404 <c>Not Found</c> before asking for a token, as upstream does.
/// </summary>
public sealed partial class UpstreamNameConstraint : IRouteConstraint
{
    /// <summary>The constraint's name in route templates.</summary>
    public const string Name = "upstream";

    private readonly Regex _pattern;

    /// <summary>Creates the constraint for <paramref name="rule"/>: jail, project, part, logdate, service, logfile, metadata or vm.</summary>
    public UpstreamNameConstraint(string rule) => _pattern = rule switch
    {
        "jail" => Names.Jail(),
        "project" => Names.Project(),
        "part" => AnyPart(),
        "logdate" => LogDate(),
        "service" => Names.Project(),
        "logfile" => LogFile(),
        "metadata" => MetadataName(),
        "vm" => Names.Vm(),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "unknown upstream name rule"),
    };

    /// <inheritdoc />
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (routeDirection == RouteDirection.IncomingRequest && httpContext?.Request.Path.Value?.EndsWith('/') == true)
        {
            return false;
        }
        return values.TryGetValue(routeKey, out var value) && value is string text && _pattern.IsMatch(text);
    }

    // Upstream's [^/]+ for the parts of /v1/jail/log/…; safety is checked later by LogRoot.
    [GeneratedRegex(@"^[^/]+$")]
    private static partial Regex AnyPart();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{2}h[0-9]{2}m[0-9]{2}s$")]
    private static partial Regex LogDate();

    [GeneratedRegex(@"^[a-z-]+\.log$")]
    private static partial Regex LogFile();

    // Names.Metadata with \z: a metadata key or namespace name, and no trailing newline ('$' would allow one).
    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9]*(?:[._-]?[a-zA-Z][a-zA-Z0-9]*)*\z")]
    private static partial Regex MetadataName();
}
