using Overlord.Core.Client;

namespace Overlord.PowerShell.Objects;

/// <summary>
/// What <c>New-</c>, <c>Remove-</c> or <c>Stop-OverlordDeployment</c> did at one node: the job the node queued, or
/// why nothing was queued. Pipe it to <c>Wait-OverlordDeployment</c> (which reaches the node again without asking for
/// the token: the object keeps the credentials it was made with, but never shows them) or to
/// <c>Remove-/Stop-OverlordDeployment</c>.
/// </summary>
public sealed record OverlordDeployment
{
    internal OverlordDeployment(NodeEndpoint? endpoint) => Endpoint = endpoint;

    /// <summary>The Director project; for a metadata spec its namespace name (else its prefix, else its file name).</summary>
    public required string Project { get; init; }

    /// <summary>The kind that ran: <c>directorProject</c> (also for a rendered appConfig) or <c>metadata</c>; null for a project named without a spec.</summary>
    public string? Kind { get; init; }

    /// <summary><c>up</c>, <c>down</c>, <c>cancel</c>, <c>metadata</c> (keys written) or <c>delete</c> (keys deleted).</summary>
    public required string Action { get; init; }

    /// <summary>The spec's datacenter; null for a project named without a spec (<c>-Name</c>/<c>-Uri</c>).</summary>
    public string? Datacenter { get; init; }

    /// <summary>The dotted chain below the entrypoint; "" for the entrypoint itself.</summary>
    public required string Chain { get; init; }

    /// <summary>The entrypoint the call went to.</summary>
    public required Uri Node { get; init; }

    /// <summary>
    /// Where it ran: <c>datacenter.chain</c> (<c>main.alpha</c>; <c>main</c> for the entrypoint), or for a project
    /// named without a spec the node's <c>host:port</c> followed by <c>/chain</c> when there is one.
    /// </summary>
    public required string Address { get; init; }

    /// <summary>The node's job id; null when no job was queued (skipped, failed, metadata).</summary>
    public long? JobId { get; init; }

    /// <summary><c>Accepted</c> (a job was queued), <c>Skipped</c>, <c>Failed</c>, or for metadata <c>Written</c> / <c>Deleted</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Why it was skipped or failed; for metadata how many keys (and namespace) were written or deleted.</summary>
    public string? Message { get; init; }

    /// <summary>How to reach the node again (address, token, client settings); not shown anywhere.</summary>
    internal NodeEndpoint? Endpoint { get; }

    /// <summary>The node's chain argument: null for the entrypoint itself.</summary>
    internal string? ChainArgument => Chain.Length == 0 ? null : Chain;

    /// <inheritdoc />
    public override string ToString() => $"{Address} {Project} {Action} {Status}{(JobId is { } id ? $" job {id}" : "")}";
}

/// <summary>
/// The final state of one deployment job as the node reports it (<c>GET /v1/jobs/{id}</c>), written by
/// <c>Wait-OverlordDeployment</c> once the job reached a terminal status.
/// </summary>
public sealed record OverlordDeploymentStatus
{
    /// <summary>The Director project.</summary>
    public required string Project { get; init; }

    /// <summary>The job kind: <c>create</c> (up), <c>destroy</c> (down) or <c>cancel</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The spec's datacenter; null when the job was named by <c>-Uri</c>/<c>-JobId</c> or the deployment had none.</summary>
    public string? Datacenter { get; init; }

    /// <summary>The dotted chain below the entrypoint; "" for the entrypoint itself.</summary>
    public required string Chain { get; init; }

    /// <summary>The entrypoint the job was read through.</summary>
    public required Uri Node { get; init; }

    /// <summary>Where the job ran, as <see cref="OverlordDeployment.Address"/>.</summary>
    public required string Address { get; init; }

    /// <summary>The node's job id.</summary>
    public required long JobId { get; init; }

    /// <summary>The node's status: COMPLETED, INCOMPLETED, FAILED or NOOP (terminal), else QUEUED or RUNNING.</summary>
    public required string Status { get; init; }

    /// <summary>True for COMPLETED and NOOP: the project is as the spec asked.</summary>
    public bool Succeeded => Status is "COMPLETED" or "NOOP";

    /// <summary>When the node accepted the job.</summary>
    public DateTimeOffset Created { get; init; }

    /// <summary>When it started running.</summary>
    public DateTimeOffset? Started { get; init; }

    /// <summary>When it reached its final status.</summary>
    public DateTimeOffset? Finished { get; init; }

    /// <summary>The exit code of the last Director run (<c>output.rc</c>); null when none ran.</summary>
    public int? ReturnCode { get; init; }

    /// <summary>Director's <c>errlevel</c> (<c>output.stdout.errlevel</c>); null when not reported.</summary>
    public int? ErrorLevel { get; init; }

    /// <summary>The services Director reported as failed (<c>output.stdout.failed</c>); empty when none.</summary>
    public IReadOnlyList<string> FailedServices { get; init; } = [];

    /// <summary>Why the job ended as it did: the node's message, or its recorded exception.</summary>
    public string? Message { get; init; }

    /// <summary>The whole <c>output</c> record as JSON; null when no Director run was recorded.</summary>
    public string? Output { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Address} {Project} job {JobId} {Status}";
}
