using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Overlord.Core.Api;

/// <summary><c>GET /v1/vm/{vm}</c>: the last VM job's record; 404 <c>VM '&lt;vm&gt;' cannot be found.</c> when there is none.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Status">The record.</param>
public sealed record VmStatusReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("status")] VmStatus Status);

/// <summary>A VM job's record, as upstream's <c>watch-vm</c> stores it.</summary>
/// <param name="Operation">RUNNING, COMPLETED, FAILED, …</param>
/// <param name="LastUpdate">Seconds since the record was written.</param>
/// <param name="JobId">The job.</param>
/// <param name="Output">What the job printed (upstream writes an object of its steps' output); null when absent.</param>
/// <param name="Exception">Why it failed: <c>{type, message}</c>; null when absent.</param>
public sealed record VmStatus(
    [property: JsonPropertyName("operation")] string? Operation,
    [property: JsonPropertyName("last_update")] double? LastUpdate,
    [property: JsonPropertyName("job_id")] long? JobId,
    [property: JsonPropertyName("output"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? Output,
    [property: JsonPropertyName("exception"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? Exception);

/// <summary><c>GET /v1/project/autoscale/{project}</c>: the autoscaler's last state; 404 <c>Project '&lt;p&gt;' cannot be found.</c> when absent or expired.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="Status">The state.</param>
public sealed record AutoscaleStatusReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("status")] AutoscaleStatus Status);

/// <summary>The autoscaler's state of a project, as upstream's <c>poll-autoscale</c> stores it.</summary>
/// <param name="Operation">RUNNING, COMPLETED or FAILED.</param>
/// <param name="LastUpdate">Seconds since the state was written.</param>
/// <param name="Logs">The last entries (each an object, e.g. <c>{"exception": {type, message}}</c>).</param>
public sealed record AutoscaleStatus(
    [property: JsonPropertyName("operation")] string? Operation,
    [property: JsonPropertyName("last_update")] double? LastUpdate,
    [property: JsonPropertyName("logs")] JsonArray? Logs);
