using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Overlord.Core.Api;

/// <summary><c>GET /v1/projects</c>: the Director projects of the host.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Projects">Project names.</param>
public sealed record ProjectsReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("projects")] IReadOnlyList<string> Projects);

/// <summary><c>GET /v1/project/info/{project}</c>.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Info">What the node knows about the project.</param>
public sealed record ProjectInfoReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("info")] ProjectInfo Info);

/// <summary>
/// Upstream's project info: the cached <c>appjail-director describe</c> (present together or not at all) and the last
/// <c>up</c> / <c>down</c> job records. The node writes only the parts it has, so every member may be absent.
/// </summary>
/// <param name="Name">Project name (from describe).</param>
/// <param name="State">DONE, FAILED, UNFINISHED or DESTROYING.</param>
/// <param name="LastLog">Basename of the last log directory, e.g. <c>2025-06-14_09h41m07s</c>; null when none.</param>
/// <param name="Locked">Whether the project is locked.</param>
/// <param name="Services">Services with their <c>appjail status</c> code and jail.</param>
/// <param name="Up">The last up job record; <c>last_update</c> is seconds ago.</param>
/// <param name="Down">The last down job record; <c>last_update</c> is seconds ago.</param>
public sealed record ProjectInfo(
    [property: JsonPropertyName("name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonPropertyName("state"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? State,
    [property: JsonPropertyName("last_log"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LastLog,
    [property: JsonPropertyName("locked"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Locked,
    [property: JsonPropertyName("services"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ProjectService>? Services,
    [property: JsonPropertyName("up"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Up,
    [property: JsonPropertyName("down"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Down);

/// <summary>One service of a project.</summary>
/// <param name="Name">Service name.</param>
/// <param name="Status"><c>appjail status -q</c> code: 0 running, 1 stopped, 66 absent.</param>
/// <param name="Jail">The jail that runs it.</param>
public sealed record ProjectService(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("jail")] string Jail);

/// <summary><c>GET /v1/projects/logs</c>: Director's log tree, date → service → file names.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Logs">The tree; empty when the log directory does not exist.</param>
public sealed record ProjectsLogsReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("logs")] IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Logs);
