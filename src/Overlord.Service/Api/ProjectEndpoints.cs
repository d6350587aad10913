using System.Text.Json.Nodes;
using Overlord.Core.Api;
using Overlord.Service.Jails.Polling;

namespace Overlord.Service.Api;

/// <summary>
/// Upstream's project reads: <c>GET /v1/projects[/]</c> and <c>GET|HEAD /v1/project/info/&lt;project&gt;</c>, answered from
/// <see cref="JailHostCache"/> and the job records of <see cref="IProjectStatusSource"/>.
/// </summary>
public static class ProjectEndpoints
{
    /// <summary>Maps the routes on the authenticated upstream group.</summary>
    public static RouteGroupBuilder MapProjects(this RouteGroupBuilder v1)
    {
        v1.Map("/projects", Projects).Allow("GET").ExcludeFromDescription();
        v1.Map($"/project/info/{{project:{UpstreamNameConstraint.Name}(project)}}", Info).Allow("GET", "HEAD").ExcludeFromDescription();
        return v1;
    }

    /// <summary><c>{"status_code": 200, "projects": [...]}</c>.</summary>
    public static IResult Projects(JailHostCache cache)
    {
        cache.Touch(PollEntity.Projects);
        return UpstreamJson.Result(new ProjectsReply(200, cache.Current.Projects), UpstreamJson.Context.ProjectsReply);
    }

    /// <summary>
    /// GET: <c>{"status_code": 200, "info": {name, state, last_log, locked, services, up, down}}</c> with the parts the node
    /// has, 404 when it has none. HEAD: 200 when Director lists the project (upstream stamps <c>projects</c> for HEAD and
    /// <c>project_info</c> for GET).
    /// </summary>
    public static async Task Info(HttpContext context, JailHostCache cache, IProjectStatusSource statuses, TimeProvider time, string project)
    {
        if (HttpMethods.IsHead(context.Request.Method))
        {
            cache.Touch(PollEntity.Projects);
            await UpstreamJson.Head(cache.Current.HasProject(project)).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        cache.Touch(PollEntity.ProjectInfo);
        var info = new JsonObject();
        if (cache.Current.ProjectInfo.TryGetValue(project, out var description))
        {
            info["name"] = description.Name;
            info["state"] = description.State;
            info["last_log"] = description.LastLog;
            info["locked"] = description.Locked;
            info["services"] = new JsonArray([.. description.Services.Select(s => (JsonNode)new JsonObject
            {
                ["name"] = s.Name,
                ["status"] = s.Status,
                ["jail"] = s.Jail,
            })]);
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        AddJob(info, "up", statuses.Get(project, ProjectJobKind.Up), now);
        AddJob(info, "down", statuses.Get(project, ProjectJobKind.Down), now);
        if (info.Count == 0)
        {
            await UpstreamJson.Error(StatusCodes.Status404NotFound, $"Project '{project}' cannot be found.").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        var body = new JsonObject { ["status_code"] = StatusCodes.Status200OK, ["info"] = info };
        await UpstreamJson.WriteAsync(context, StatusCodes.Status200OK, body, UpstreamJson.Context.JsonObject).ConfigureAwait(false);
    }

    // As upstream: an empty record is left out, and last_update becomes "seconds ago".
    private static void AddJob(JsonObject info, string key, JsonObject? record, double now)
    {
        if (record is null || record.Count == 0)
        {
            return;
        }
        var copy = (JsonObject)record.DeepClone();
        if (copy["last_update"] is JsonValue stamp && stamp.TryGetValue<double>(out var seconds))
        {
            copy["last_update"] = now - seconds;
        }
        info[key] = copy;
    }
}
