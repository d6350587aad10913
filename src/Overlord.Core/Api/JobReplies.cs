using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Overlord.Core.Api;

/// <summary>The body of <c>POST /v1/project/up/{project}</c> (upstream's keys).</summary>
/// <param name="DirectorFile">The Director project file, as YAML text.</param>
/// <param name="Environment">Variables for Director; they win over the node's own environment.</param>
/// <param name="Restart">Stop the project first when it exists (<c>appjail-director down</c>, then <c>up</c>).</param>
/// <param name="ReservePort">Interface → CIDR (or null): reserve a free port there and export <c>OVERLORD_FREEPORT_&lt;IF&gt;</c>.</param>
public sealed record ProjectUpRequest(
    [property: JsonPropertyName("director_file")] string DirectorFile,
    [property: JsonPropertyName("environment"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Environment = null,
    [property: JsonPropertyName("restart")] bool Restart = false,
    [property: JsonPropertyName("reserve_port"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string?>? ReservePort = null);

/// <summary>The body of <c>POST /v1/project/down/{project}</c> (upstream's keys).</summary>
/// <param name="Environment">Variables for Director.</param>
/// <param name="Force">Upstream's flag for special labels; accepted and recorded.</param>
public sealed record ProjectDownRequest(
    [property: JsonPropertyName("environment"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Environment = null,
    [property: JsonPropertyName("force")] bool Force = false);

/// <summary>Upstream's answer to up, down and cancel: the id of the queued job.</summary>
/// <param name="StatusCode">The HTTP status the node wrote into the body.</param>
/// <param name="JobId">The job, readable through <c>GET /v1/jobs/{id}</c>.</param>
public sealed record JobIdReply(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("job_id")] long JobId);

/// <summary><c>GET /v1/jobs/{id}</c> (our route): one job of the node's durable store.</summary>
/// <param name="Id">The job id (the <c>job_id</c> up/down/cancel answered).</param>
/// <param name="Kind"><c>create</c>, <c>destroy</c> or <c>cancel</c>.</param>
/// <param name="Project">The Director project.</param>
/// <param name="Status">QUEUED, RUNNING, COMPLETED, INCOMPLETED, FAILED or NOOP.</param>
/// <param name="Terminal">Whether <paramref name="Status"/> is final.</param>
/// <param name="SpecHash">SHA-256 (hex) of the Director file of a create job; null otherwise.</param>
/// <param name="Restarted">Whether the project was stopped before <c>up</c>.</param>
/// <param name="Created">When the node accepted the job.</param>
/// <param name="Started">When it started running; null while queued.</param>
/// <param name="Finished">When it reached its final status; null before.</param>
/// <param name="Output">Upstream's <c>{rc, stdout: {errlevel, message, failed}, stderr}</c> of the last Director run; null when none ran.</param>
/// <param name="Exception">The error that ended the job, as upstream records it; null when none.</param>
/// <param name="Message">Why the job ended as it did, when that needs saying (e.g. <c>cancelled</c>).</param>
/// <param name="Steps">Markers written before each external step (e.g. <c>director-started</c>).</param>
/// <param name="History">Every status the job went through, oldest first.</param>
public sealed record JobReply(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("project")] string Project,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("terminal")] bool Terminal,
    [property: JsonPropertyName("spec_hash")] string? SpecHash,
    [property: JsonPropertyName("restarted")] bool Restarted,
    [property: JsonPropertyName("created")] DateTimeOffset Created,
    [property: JsonPropertyName("started")] DateTimeOffset? Started,
    [property: JsonPropertyName("finished")] DateTimeOffset? Finished,
    [property: JsonPropertyName("output")] JsonObject? Output,
    [property: JsonPropertyName("exception")] JobException? Exception,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("steps")] IReadOnlyList<JobStep> Steps,
    [property: JsonPropertyName("history")] IReadOnlyList<JobStatusChange> History);

/// <summary>An error recorded on a job, in upstream's <c>exception</c> shape.</summary>
/// <param name="Type">The error's type name.</param>
/// <param name="Message">Its message.</param>
public sealed record JobException(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("message")] string Message);

/// <summary>A step marker of a job.</summary>
/// <param name="Step">The step, e.g. <c>director-started</c>.</param>
/// <param name="At">When it was written (before the step began).</param>
public sealed record JobStep(
    [property: JsonPropertyName("step")] string Step,
    [property: JsonPropertyName("at")] DateTimeOffset At);

/// <summary>One status a job went through.</summary>
/// <param name="Status">The status.</param>
/// <param name="At">When the job entered it.</param>
/// <param name="Note">Why, when it is not obvious (e.g. <c>reconciled after restart</c>).</param>
public sealed record JobStatusChange(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("note")] string? Note);
