using Overlord.Core.Api;
using Overlord.Service.Jails;
using Overlord.Service.Jails.Polling;

namespace Overlord.Service.Api;

/// <summary>
/// Upstream's jail routes, answered from <see cref="JailHostCache"/>: <c>GET /v1/jails[/]</c>, <c>GET /v1/stats[/]</c>,
/// <c>GET /v1/jail/&lt;item&gt;/&lt;jail&gt;</c> for the eleven items and <c>HEAD /v1/jail/info/&lt;jail&gt;</c>. Each read
/// stamps the entities it covers for adaptive polling, exactly as serve.py does.
/// </summary>
public static class JailEndpoints
{
    private static readonly IReadOnlyDictionary<string, string> NoInfo = new Dictionary<string, string>();
    private static readonly IReadOnlyDictionary<string, long> NoStats = new Dictionary<string, long>();

    private delegate IResult ItemReply(JailState state);

    // Route segment, stamped entity, reply: upstream's JailStatsHandler … JailVolumesHandler.
    private static readonly (string Route, PollEntity Entity, ItemReply Reply)[] Items =
    [
        ("stats", PollEntity.JailStats, s => UpstreamJson.Result(new JailStatsReply(200, s.Stats ?? NoStats), UpstreamJson.Context.JailStatsReply)),
        ("info", PollEntity.JailInfo, s => UpstreamJson.Result(new JailInfoReply(200, s.Info ?? NoInfo), UpstreamJson.Context.JailInfoReply)),
        ("cpuset", PollEntity.Cpuset, s => UpstreamJson.Result(new JailCpusetReply(200, s.Cpuset), UpstreamJson.Context.JailCpusetReply)),
        ("devfs", PollEntity.Devfs, s => UpstreamJson.Result(new JailDevfsReply(200, s.ConfOf(JailConfItem.Devfs)), UpstreamJson.Context.JailDevfsReply)),
        ("expose", PollEntity.Expose, s => UpstreamJson.Result(new JailExposeReply(200, s.ConfOf(JailConfItem.Expose)), UpstreamJson.Context.JailExposeReply)),
        ("healthcheck", PollEntity.Healthcheck, s => UpstreamJson.Result(new JailHealthcheckReply(200, s.ConfOf(JailConfItem.Healthcheck)), UpstreamJson.Context.JailHealthcheckReply)),
        ("limits", PollEntity.Limits, s => UpstreamJson.Result(new JailLimitsReply(200, s.ConfOf(JailConfItem.Limits)), UpstreamJson.Context.JailLimitsReply)),
        ("fstab", PollEntity.Fstab, s => UpstreamJson.Result(new JailFstabReply(200, s.ConfOf(JailConfItem.Fstab)), UpstreamJson.Context.JailFstabReply)),
        ("labels", PollEntity.Label, s => UpstreamJson.Result(new JailLabelsReply(200, s.ConfOf(JailConfItem.Labels)), UpstreamJson.Context.JailLabelsReply)),
        ("nat", PollEntity.Nat, s => UpstreamJson.Result(new JailNatReply(200, s.ConfOf(JailConfItem.Nat)), UpstreamJson.Context.JailNatReply)),
        ("volumes", PollEntity.Volume, s => UpstreamJson.Result(new JailVolumesReply(200, s.ConfOf(JailConfItem.Volumes)), UpstreamJson.Context.JailVolumesReply)),
    ];

    /// <summary>Maps the routes on the authenticated upstream group.</summary>
    public static RouteGroupBuilder MapJails(this RouteGroupBuilder v1)
    {
        v1.Map("/jails", Jails).Allow("GET").ExcludeFromDescription();
        v1.Map("/stats", Stats).Allow("GET").ExcludeFromDescription();
        foreach (var (route, entity, reply) in Items)
        {
            var methods = route == "info" ? new[] { "GET", "HEAD" } : ["GET"];
            v1.Map($"/jail/{route}/{{jail:{UpstreamNameConstraint.Name}(jail)}}", (HttpContext context, JailHostCache cache, string jail) => Item(context, cache, jail, entity, reply))
                .Allow(methods)
                .ExcludeFromDescription();
        }
        return v1;
    }

    /// <summary><c>{"status_code": 200, "jails": [...]}</c>.</summary>
    public static IResult Jails(JailHostCache cache)
    {
        cache.Touch(PollEntity.Jails);
        return UpstreamJson.Result(new JailsReply(200, cache.Current.Jails), UpstreamJson.Context.JailsReply);
    }

    /// <summary><c>{"status_code": 200, "stats": {resource: sum}}</c> over the listed jails, in first-seen order.</summary>
    public static IResult Stats(JailHostCache cache)
    {
        cache.Touch(PollEntity.JailStats);
        var snapshot = cache.Current;
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var jail in snapshot.Jails)
        {
            foreach (var (resource, value) in snapshot.StateOf(jail).Stats ?? NoStats)
            {
                sums[resource] = sums.GetValueOrDefault(resource) + value;
            }
        }
        return UpstreamJson.Result(new ServerStatsReply(200, sums), UpstreamJson.Context.ServerStatsReply);
    }

    private static IResult Item(HttpContext context, JailHostCache cache, string jail, PollEntity entity, ItemReply reply)
    {
        cache.Touch(PollEntity.Jails);
        var snapshot = cache.Current;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return UpstreamJson.Head(snapshot.HasJail(jail));
        }
        if (!snapshot.HasJail(jail))
        {
            return UpstreamJson.Error(StatusCodes.Status404NotFound, $"Jail '{jail}' cannot be found.");
        }
        cache.Touch(entity);
        return reply(snapshot.StateOf(jail));
    }
}
