using Microsoft.AspNetCore.Http.HttpResults;
using Overlord.Core.Api;
using Overlord.Core.Config;

namespace Overlord.Service.Api;

/// <summary>Upstream's <c>GET /v1/ping[/]</c> and <c>GET /v1/labels[/]</c>.</summary>
public static class NodeInfoEndpoints
{
    /// <summary>Maps the routes on the authenticated upstream group.</summary>
    public static RouteGroupBuilder MapNodeInfo(this RouteGroupBuilder v1)
    {
        v1.Map("/ping", Ping).Allow("GET").ExcludeFromDescription();
        v1.Map("/labels", Labels).Allow("GET").ExcludeFromDescription();
        return v1;
    }

    /// <summary><c>{"status_code": 200, "status": "OK"}</c>.</summary>
    public static JsonHttpResult<PingReply> Ping() =>
        UpstreamJson.Result(new PingReply(StatusCodes.Status200OK, "OK"), UpstreamJson.Context.PingReply);

    /// <summary><c>{"status_code": 200, "labels": [...]}</c> from the config.</summary>
    public static JsonHttpResult<LabelsReply> Labels(NodeConfig config) =>
        UpstreamJson.Result(new LabelsReply(StatusCodes.Status200OK, config.Labels), UpstreamJson.Context.LabelsReply);
}
