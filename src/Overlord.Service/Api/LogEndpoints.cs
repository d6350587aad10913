using Overlord.Core.Api;
using Overlord.Core.Config;
using Overlord.Service.Jails.Logs;

namespace Overlord.Service.Api;

/// <summary>
/// Upstream's log routes: <c>GET /v1/jails/logs[/]</c>, <c>GET /v1/jail/log/&lt;type&gt;/&lt;entity&gt;/&lt;subtype&gt;/&lt;log&gt;</c>,
/// <c>GET /v1/projects/logs[/]</c> and <c>GET /v1/projects/log/&lt;date&gt;/&lt;service&gt;/&lt;log&gt;</c>. Unlike upstream
/// (§7 #13), names are confined to the log directory (400 otherwise), and logs are streamed, never loaded whole.
/// Listings are sorted by name (upstream returns directory order).
/// </summary>
public static class LogEndpoints
{
    /// <summary>400 message for a part that is not a plain name.</summary>
    public const string InvalidName = "Invalid log path: each part must be a plain file or directory name.";

    /// <summary>400 message for a path whose symlinks lead outside the log directory.</summary>
    public const string OutsideRoot = "Invalid log path: it leads outside the log directory.";

    /// <summary>Upstream's 404 message.</summary>
    public const string NotFoundMessage = "Log cannot be found.";

    /// <summary>Maps the routes on the authenticated upstream group.</summary>
    public static RouteGroupBuilder MapLogs(this RouteGroupBuilder v1)
    {
        const string Part = "upstream(part)";
        v1.Map("/jails/logs", JailsLogs).Allow("GET").ExcludeFromDescription();
        v1.Map($"/jail/log/{{type:{Part}}}/{{entity:{Part}}}/{{subtype:{Part}}}/{{log:{Part}}}", JailLog).Allow("GET").ExcludeFromDescription();
        v1.Map("/projects/logs", ProjectsLogs).Allow("GET").ExcludeFromDescription();
        v1.Map("/projects/log/{date:upstream(logdate)}/{service:upstream(service)}/{log:upstream(logfile)}", ProjectLog).Allow("GET").ExcludeFromDescription();
        return v1;
    }

    /// <summary>
    /// <c>{"status_code": 200, "logs": {type: {entity: {subtype: [files]}}}}</c>. As upstream, a plain file where a
    /// directory is expected shows as an empty object (or list, at the subtype level).
    /// </summary>
    public static IResult JailsLogs(NodeConfig config)
    {
        var root = new LogRoot(config.AppJail.Logs);
        var logs = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>>(StringComparer.Ordinal);
        foreach (var (type, typeIsDir) in root.List())
        {
            var entities = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>(StringComparer.Ordinal);
            logs[type] = entities;
            foreach (var (entity, entityIsDir) in typeIsDir ? root.List(type) : [])
            {
                var subtypes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                entities[entity] = subtypes;
                foreach (var (subtype, subtypeIsDir) in entityIsDir ? root.List(type, entity) : [])
                {
                    subtypes[subtype] = subtypeIsDir ? [.. root.List(type, entity, subtype).Select(f => f.Name)] : [];
                }
            }
        }
        return UpstreamJson.Result(new JailsLogsReply(200, logs), UpstreamJson.Context.JailsLogsReply);
    }

    /// <summary>
    /// <c>{"status_code": 200, "logs": {date: {service: [files]}}}</c>. Plain files at the date and service levels (e.g.
    /// <c>exception.log</c>) are skipped; upstream skips them at the service level and fails on them at the date level.
    /// </summary>
    public static IResult ProjectsLogs(NodeConfig config)
    {
        var root = new LogRoot(config.Director.Logs);
        var logs = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>(StringComparer.Ordinal);
        foreach (var (date, _) in root.List().Where(d => d.IsDirectory))
        {
            var services = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            logs[date] = services;
            foreach (var (service, _) in root.List(date).Where(s => s.IsDirectory))
            {
                services[service] = [.. root.List(date, service).Select(f => f.Name)];
            }
        }
        return UpstreamJson.Result(new ProjectsLogsReply(200, logs), UpstreamJson.Context.ProjectsLogsReply);
    }

    /// <summary>One AppJail log, streamed.</summary>
    public static Task JailLog(HttpContext context, NodeConfig config, string type, string entity, string subtype, string log) =>
        ServeAsync(context, new LogRoot(config.AppJail.Logs).Find(type, entity, subtype, log));

    /// <summary>One Director log, streamed.</summary>
    public static Task ProjectLog(HttpContext context, NodeConfig config, string date, string service, string log) =>
        ServeAsync(context, new LogRoot(config.Director.Logs).Find(date, service, log));

    private static async Task ServeAsync(HttpContext context, LogFile file)
    {
        switch (file.Lookup)
        {
            case LogLookup.InvalidName:
                await UpstreamJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, InvalidName).ConfigureAwait(false);
                return;
            case LogLookup.OutsideRoot:
                await UpstreamJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, OutsideRoot).ConfigureAwait(false);
                return;
            case LogLookup.NotFound:
                await UpstreamJson.WriteErrorAsync(context, StatusCodes.Status404NotFound, NotFoundMessage).ConfigureAwait(false);
                return;
        }
        FileStream stream;
        try
        {
            // The real path that was checked is opened, not the name from the URL.
            stream = new FileStream(file.Path!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await UpstreamJson.WriteErrorAsync(context, StatusCodes.Status404NotFound, NotFoundMessage).ConfigureAwait(false);
            return;
        }
        await using (stream.ConfigureAwait(false))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = UpstreamJson.ContentType;
            await LogContentWriter.CopyAsync(stream, context.Response.BodyWriter, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
