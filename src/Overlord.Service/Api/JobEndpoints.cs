using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Overlord.Core.Api;
using Overlord.Service.Jobs;

namespace Overlord.Service.Api;

/// <summary>
/// The project lifecycle: upstream's <c>POST /v1/project/up|down|cancel/&lt;project&gt;</c> (upstream bodies, errors and
/// <c>{"status_code": 200, "job_id": N}</c>), and our <c>GET /v1/jobs/{id}</c> (ProblemDetails errors).
/// </summary>
public static class JobEndpoints
{
    /// <summary>Maps the upstream routes on <paramref name="v1"/> and ours on <paramref name="own"/>.</summary>
    public static void MapJobs(this RouteGroupBuilder v1, RouteGroupBuilder own)
    {
        var project = $"{{project:{UpstreamNameConstraint.Name}(project)}}";
        v1.Map($"/project/up/{project}", Up).Allow("POST").ExcludeFromDescription();
        v1.Map($"/project/down/{project}", Down).Allow("POST").ExcludeFromDescription();
        v1.Map($"/project/cancel/{project}", Cancel).Allow("POST").ExcludeFromDescription();
        own.MapGet("/jobs/{id:long}", Get)
            .WithName("GetJob")
            .WithSummary("One deployment job of this node: kind, project, status, output and every status it went through.")
            .WithDescription("Statuses: QUEUED, RUNNING, then one of COMPLETED, INCOMPLETED, FAILED or NOOP (terminal). 404 when the node has no such job.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary><c>{director_file (required str), environment {str: str}, restart bool, reserve_port {if: CIDR|null}}</c>.</summary>
    public static async Task Up(HttpContext context, JobDispatcher jobs, string project)
    {
        var body = new JobBody(context);
        var request = body.Read(out var error) is { } root ? Parse(root, out error) : null;
        await AnswerAsync(context, jobs, JobKinds.Create, project, request, error).ConfigureAwait(false);

        static JobRequest? Parse(JsonElement root, out string? error)
        {
            var file = JobBody.Required(root, "director_file", JsonValueKind.String, out error);
            if (error is not null)
            {
                return null;
            }
            var environment = JobBody.Environment(root, out error);
            if (error is not null)
            {
                return null;
            }
            var restart = JobBody.Bool(root, "restart", out error);
            if (error is not null)
            {
                return null;
            }
            var ports = JobBody.ReservePort(root, out error);
            return error is null ? new JobRequest(file!.Value.GetString(), environment!, restart, ports!, false) : null;
        }
    }

    /// <summary><c>{environment {str: str}, force bool}</c>.</summary>
    public static async Task Down(HttpContext context, JobDispatcher jobs, string project)
    {
        var body = new JobBody(context);
        JobRequest? request = null;
        string? error = null;
        if (body.Read(out error) is { } root)
        {
            var force = JobBody.Bool(root, "force", out error);
            var environment = error is null ? JobBody.Environment(root, out error) : null;
            request = error is null ? new JobRequest(null, environment!, false, new Dictionary<string, string?>(), force) : null;
        }
        await AnswerAsync(context, jobs, JobKinds.Destroy, project, request, error).ConfigureAwait(false);
    }

    /// <summary>No body.</summary>
    public static Task Cancel(HttpContext context, JobDispatcher jobs, string project) =>
        AnswerAsync(context, jobs, JobKinds.Cancel, project, JobRequest.Empty, null);

    /// <summary>The job, or 404 ProblemDetails.</summary>
    public static Results<Ok<JobReply>, ProblemHttpResult> Get(JobDispatcher jobs, long id) =>
        jobs.Describe(id) is { } job
            ? TypedResults.Ok(job)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"Job {id} does not exist on this node.");

    private static async Task AnswerAsync(HttpContext context, JobDispatcher jobs, string kind, string project, JobRequest? request, string? error)
    {
        if (request is null)
        {
            await UpstreamJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, error ?? "Request has been received with an invalid format.").ConfigureAwait(false);
            return;
        }
        var id = jobs.Dispatch(kind, project, request);
        await UpstreamJson.WriteAsync(context, StatusCodes.Status200OK, new JobIdReply(StatusCodes.Status200OK, id), UpstreamJson.Context.JobIdReply).ConfigureAwait(false);
    }
}

/// <summary>
/// Upstream's body arguments, strictly typed: a missing required key → <c>`name` is required but hasn't been
/// specified.</c>; a value of the wrong JSON type → <c>'name' has an unexpected value type.</c> Upstream coerces with
/// Python's <c>bool()</c>, so <c>"restart": "false"</c> means true there; we refuse it instead. Explicit null means
/// the default for optional keys.
/// </summary>
internal readonly struct JobBody(HttpContext context)
{
    public JsonElement? Read(out string? error)
    {
        error = null;
        var bytes = context.Features.Get<BufferedRequestBody>()?.Bytes ?? [];
        if (bytes.Length == 0)
        {
            return JsonDocument.Parse("{}").RootElement;
        }
        // RequestGate already checked that the body is a JSON object.
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }

    public static JsonElement? Required(JsonElement root, string name, JsonValueKind kind, out string? error)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            error = $"`{name}` is required but hasn't been specified.";
            return null;
        }
        error = value.ValueKind == kind ? null : Unexpected(name);
        return error is null ? value : null;
    }

    public static bool Bool(JsonElement root, string name, out string? error)
    {
        error = null;
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }
        error = Unexpected(name);
        return false;
    }

    public static Dictionary<string, string>? Environment(JsonElement root, out string? error)
    {
        error = null;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty("environment", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return environment;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            error = Unexpected("environment");
            return null;
        }
        foreach (var entry in value.EnumerateObject())
        {
            // Names are strings in JSON; an empty name or one with '=' or NUL cannot be set as a variable.
            if (entry.Value.ValueKind != JsonValueKind.String || entry.Name.Length == 0 || entry.Name.Contains('=', StringComparison.Ordinal)
                || entry.Name.Contains('\0', StringComparison.Ordinal) || entry.Value.GetString()!.Contains('\0', StringComparison.Ordinal))
            {
                error = $"Invalid environment name ({entry.Name}) or value ({Text(entry.Value)}).";
                return null;
            }
            environment[entry.Name] = entry.Value.GetString()!;
        }
        return environment;
    }

    public static Dictionary<string, string?>? ReservePort(JsonElement root, out string? error)
    {
        error = null;
        var ports = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!root.TryGetProperty("reserve_port", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return ports;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            error = Unexpected("reserve_port");
            return null;
        }
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Name.Length == 0 || entry.Name.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-')))
            {
                error = $"Invalid interface ({entry.Name}).";
                return null;
            }
            if (entry.Value.ValueKind == JsonValueKind.Null)
            {
                ports[entry.Name] = null;
                continue;
            }
            // Upstream answers 500 for a network that is not a string; a bad CIDR fails only in the job there.
            if (entry.Value.ValueKind != JsonValueKind.String || !FreePortFinder.IsNetwork(entry.Value.GetString()!))
            {
                error = $"Invalid network address ({Text(entry.Value)}).";
                return null;
            }
            ports[entry.Name] = entry.Value.GetString();
        }
        return ports;
    }

    private static string Unexpected(string name) => $"'{name}' has an unexpected value type.";

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
