using System.Text.Json.Nodes;
using Overlord.Core.Api;

namespace Overlord.Service.Jobs;

/// <summary>What a job does: upstream's queue message <c>type</c>.</summary>
public static class JobKinds
{
    /// <summary><c>project up</c>: (restart) → reserve ports → <c>appjail-director up</c>.</summary>
    public const string Create = "create";

    /// <summary><c>project down</c>: <c>appjail-director down -d --ignore-failed</c>.</summary>
    public const string Destroy = "destroy";

    /// <summary><c>project cancel</c>: stop the project's running job, drop its queued ones, <c>appjail-director cancel</c>.</summary>
    public const string Cancel = "cancel";
}

/// <summary>Job statuses: upstream's five operations plus our <see cref="Queued"/>.</summary>
public static class JobStatuses
{
    /// <summary>Accepted and stored, not started yet (upstream has no record until a watcher takes the job).</summary>
    public const string Queued = "QUEUED";

    /// <summary>Upstream's RUNNING.</summary>
    public const string Running = "RUNNING";

    /// <summary>Upstream's COMPLETED.</summary>
    public const string Completed = "COMPLETED";

    /// <summary>Upstream's INCOMPLETED: Director ran but the project is not DONE (or down failed).</summary>
    public const string Incompleted = "INCOMPLETED";

    /// <summary>Upstream's FAILED: an error before or instead of the Director run.</summary>
    public const string Failed = "FAILED";

    /// <summary>Upstream's NOOP: nothing to do (here: the same spec is already deployed and running).</summary>
    public const string Noop = "NOOP";

    /// <summary>Whether <paramref name="status"/> is final.</summary>
    public static bool IsTerminal(string status) => status is Completed or Incompleted or Failed or Noop;
}

/// <summary>Step markers, written before the step starts so a restarted node knows what may have run.</summary>
public static class JobSteps
{
    /// <summary>Written just before <c>appjail-director up</c> (create) or <c>down -d</c> (destroy) is spawned.</summary>
    public const string DirectorStarted = "director-started";

    /// <summary>Written just before the <c>appjail-director down</c> of a restart.</summary>
    public const string RestartDownStarted = "restart-down-started";
}

/// <summary>What the API accepted: upstream's queue message for the job.</summary>
/// <param name="DirectorFile">Create: the Director file text.</param>
/// <param name="Environment">The request's environment.</param>
/// <param name="Restart">Create: stop first when the project exists.</param>
/// <param name="ReservePort">Create: interface → CIDR or null.</param>
/// <param name="Force">Destroy: upstream's special-label flag (recorded only).</param>
public sealed record JobRequest(
    string? DirectorFile,
    IReadOnlyDictionary<string, string> Environment,
    bool Restart,
    IReadOnlyDictionary<string, string?> ReservePort,
    bool Force)
{
    /// <summary>An empty request (cancel).</summary>
    public static JobRequest Empty { get; } = new(null, new Dictionary<string, string>(), false, new Dictionary<string, string?>(), false);

    /// <summary>The request as stored (upstream's message keys).</summary>
    public string ToJson()
    {
        var environment = new JsonObject();
        foreach (var (k, v) in Environment)
        {
            environment[k] = v;
        }
        var ports = new JsonObject();
        foreach (var (k, v) in ReservePort)
        {
            ports[k] = v;
        }
        return new JsonObject
        {
            ["director_file"] = DirectorFile,
            ["environment"] = environment,
            ["restart"] = Restart,
            ["reserve_port"] = ports,
            ["force"] = Force,
        }.ToJsonString();
    }

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    public static JobRequest FromJson(string json)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in o["environment"]?.AsObject() ?? [])
        {
            environment[k] = v!.GetValue<string>();
        }
        var ports = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (k, v) in o["reserve_port"]?.AsObject() ?? [])
        {
            ports[k] = v?.GetValue<string>();
        }
        return new JobRequest(
            o["director_file"]?.GetValue<string>(),
            environment,
            o["restart"]?.GetValue<bool>() ?? false,
            ports,
            o["force"]?.GetValue<bool>() ?? false);
    }
}

/// <summary>One job as the store holds it. Times are Unix seconds.</summary>
public sealed record StoredJob(
    long Id,
    string Kind,
    string Project,
    JobRequest Request,
    string? SpecHash,
    string Status,
    bool Restarted,
    double Created,
    double? Started,
    double? Finished,
    double Updated,
    JsonObject? Output,
    JobException? Exception,
    string? Message);

/// <summary>How a job ended.</summary>
/// <param name="Status">A terminal status.</param>
/// <param name="Output">Upstream's <c>output</c> of the last Director run.</param>
/// <param name="Exception">Upstream's <c>exception</c>.</param>
/// <param name="Message">Upstream's <c>message</c>.</param>
/// <param name="Note">A history note (why this status), not part of upstream's record.</param>
public sealed record JobOutcome(string Status, JsonObject? Output = null, JobException? Exception = null, string? Message = null, string? Note = null);
