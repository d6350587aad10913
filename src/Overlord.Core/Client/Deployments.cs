using System.Globalization;
using Overlord.Core.Placement;
using Overlord.Core.Specs;
using Overlord.Core.Validation;

namespace Overlord.Core.Client;

/// <summary>What a deployment command does with a spec: upstream's <c>apply</c>, <c>destroy</c> or <c>cancel</c>.</summary>
public enum DeploymentOperation
{
    /// <summary>Deploy (upstream <c>apply</c>): <c>project/up</c>, or write the metadata keys and namespace.</summary>
    Apply,
    /// <summary>Remove (upstream <c>destroy</c>): <c>project/down</c>, or delete the metadata keys and namespace.</summary>
    Destroy,
    /// <summary>Cancel the project's jobs (upstream <c>cancel</c>): <c>project/cancel</c>.</summary>
    Cancel,
}

/// <summary>How one target of a run ended, as the cmdlets report it.</summary>
public enum DeploymentOutcomeStatus
{
    /// <summary>The node queued a job (<see cref="DeploymentOutcome.JobId"/>).</summary>
    Accepted,
    /// <summary>The target was not asked (maximumDeployments reached, a required metadata key missing …).</summary>
    Skipped,
    /// <summary>The request failed; <see cref="DeploymentOutcome.Message"/> says why.</summary>
    Failed,
    /// <summary>Metadata: every key and the namespace were written.</summary>
    Written,
    /// <summary>Metadata: the keys and namespace are gone (absent ones included).</summary>
    Deleted,
}

/// <summary>A spec planned for one operation: the targets, the unreachable branches and what will run there.</summary>
public sealed record PlannedDeployment
{
    /// <summary>The spec as loaded (an appConfig stays an appConfig here).</summary>
    public required Spec Spec { get; init; }

    /// <summary>The spec that runs: the spec itself, or for an appConfig the directorProject its template rendered.</summary>
    public required Spec Effective { get; init; }

    /// <summary>The operation.</summary>
    public required DeploymentOperation Operation { get; init; }

    /// <summary>The project name, or for a metadata spec its namespace name (else its prefix, else its file name).</summary>
    public required string Project { get; init; }

    /// <summary>The effective kind: <c>directorProject</c> or <c>metadata</c>.</summary>
    public string Kind => Effective.Kind;

    /// <summary>The targets and unreachable branches of <see cref="Effective"/>.</summary>
    public required DeploymentPlan Plan { get; init; }

    /// <summary>For an appConfig: the target whose metadata gave the template.</summary>
    public DeploymentTarget? TemplateSource { get; init; }

    /// <summary>For an appConfig: targets that could not give the template, with why.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>What each target gets: <c>up</c>, <c>down</c>, <c>cancel</c>, <c>metadata</c> (write) or <c>delete</c> (metadata).</summary>
    public string Action => (Effective, Operation) switch
    {
        (MetadataSpec, DeploymentOperation.Apply) => "metadata",
        (MetadataSpec, _) => "delete",
        (_, DeploymentOperation.Apply) => "up",
        (_, DeploymentOperation.Destroy) => "down",
        _ => "cancel",
    };

    /// <summary>The endpoint of <paramref name="target"/>'s datacenter, for later calls (waiting on its job).</summary>
    public NodeEndpoint EndpointOf(DeploymentTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return NodeEndpoint.ForDatacenter(target.Datacenter, Effective.Datacenters[target.Datacenter]);
    }
}

/// <summary>What happened at one target.</summary>
/// <param name="Target">The node.</param>
/// <param name="Action">up, down, cancel, metadata or delete.</param>
/// <param name="Status">How it ended.</param>
/// <param name="JobId">The node's job id when one was queued.</param>
/// <param name="Writes">Metadata: the keys and namespace written or deleted (also before a failure).</param>
/// <param name="Message">Why it was skipped or failed; for metadata what was written.</param>
/// <param name="HttpStatus">The HTTP status of a failure when the node answered one; null when it did not answer.</param>
public sealed record DeploymentOutcome(DeploymentTarget Target, string Action, DeploymentOutcomeStatus Status, long? JobId, long? Writes, string? Message, int? HttpStatus);

/// <summary>A spec that this command cannot run, with the errors and their positions (a template that does not render).</summary>
public sealed class DeploymentSpecException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeploymentSpecException(string path, string? kind, IReadOnlyList<SpecError> errors)
        : base(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
    {
        Path = path;
        Kind = kind;
        Errors = errors;
    }

    /// <summary>The spec file.</summary>
    public string Path { get; }

    /// <summary>The kind that failed to load, when known.</summary>
    public string? Kind { get; }

    /// <summary>Every problem.</summary>
    public IReadOnlyList<SpecError> Errors { get; }
}

/// <summary>
/// The deployment commands (apply, destroy, cancel of a spec) for callers that must not see Refit: plans with
/// <see cref="DeploymentPlanner"/>, renders appConfig with <see cref="AppConfigRenderer"/> and runs the approved
/// targets with <see cref="DeploymentExecutor"/>, all through one <see cref="DatacenterClientFactory"/> that lives
/// as long as this object.
/// </summary>
public sealed class Deployments : IDisposable
{
    private readonly DatacenterClientFactory _clients = new();
    private readonly PlannerOptions _options;
    private readonly bool _rootOnly;

    /// <summary>
    /// Creates the facade. <paramref name="chains"/> is upstream's <c>--filter-chain</c>: dotted paths below each
    /// entrypoint; "" or <c>&lt;root&gt;</c> keeps the entrypoint itself (<c>--filter-root-chain</c>). Null or empty:
    /// every matching node.
    /// </summary>
    /// <exception cref="ArgumentException">A chain is not a valid dotted path.</exception>
    public Deployments(IReadOnlyList<string>? chains = null)
    {
        var filters = new List<string>();
        var root = false;
        foreach (var chain in chains ?? [])
        {
            if (string.IsNullOrEmpty(chain) || chain == RootChain)
            {
                root = true;
                continue;
            }
            if (!Chains.ChainPath.TryParse(chain, out _, out var error))
            {
                throw new ArgumentException($"chain '{chain}': {error}", nameof(chains));
            }
            filters.Add(chain);
        }
        // The planner takes "no filter" for everything, so "only the entrypoint" is planned in full and cut here.
        _rootOnly = root && filters.Count == 0;
        _options = filters.Count > 0 ? new PlannerOptions { FilterChains = filters, FilterRootChain = root } : PlannerOptions.Default;
    }

    /// <summary>The spelling of the entrypoint itself in a chain filter, besides "".</summary>
    public const string RootChain = "<root>";

    private async Task<DeploymentPlan> PlanFilteredAsync(DeploymentPlanner planner, Spec spec, PlanPurpose purpose, CancellationToken cancellationToken)
    {
        var plan = await planner.PlanAsync(spec, purpose, cancellationToken).ConfigureAwait(false);
        return _rootOnly
            ? plan with { Targets = [.. plan.Targets.Where(t => t.Path.IsRoot)], Unreachable = [.. plan.Unreachable.Where(u => u.Path.IsRoot)] }
            : plan;
    }

    /// <summary>
    /// Refuses what upstream refuses, and what this command does not run yet: readOnly for apply/destroy/cancel,
    /// vmJail, metadata for cancel, a directorProject with <c>autoScale</c> (upstream writes autoscale metadata on
    /// apply and refuses cancel; we do neither yet).
    /// </summary>
    /// <exception cref="DeploymentRefusedException">The spec cannot be used for <paramref name="operation"/>.</exception>
    public static void EnsureSupported(Spec spec, DeploymentOperation operation)
    {
        ArgumentNullException.ThrowIfNull(spec);
        DeploymentPlanner.EnsureUsableFor(spec, Purpose(operation));
        var verb = Verb(operation);
        switch (spec)
        {
            case VmJailSpec:
                throw new DeploymentRefusedException(
                    $"{spec.Path}: kind vmJail is not supported by this command yet; only directorProject, metadata and appConfig specs can be {verb}.",
                    "SpecKindNotSupported", DeploymentRefusedException.ConfigExitCode);
            case MetadataSpec when operation == DeploymentOperation.Cancel:
                throw new DeploymentRefusedException(
                    $"{spec.Path}: kind metadata cannot be cancelled; only directorProject and appConfig specs run jobs.",
                    "SpecKindNotSupported", DeploymentRefusedException.ConfigExitCode);
            case DirectorProjectSpec { AutoScale: not null } when operation != DeploymentOperation.Destroy:
                throw new DeploymentRefusedException(
                    $"{spec.Path}: a directorProject with autoScale cannot be {verb} by this command (the autoscaler deploys it).",
                    "SpecKindNotSupported", DeploymentRefusedException.ConfigExitCode);
        }
    }

    /// <summary>
    /// Plans <paramref name="spec"/> for <paramref name="operation"/>. An appConfig is planned, its template read from
    /// the first target that has it and rendered, and the rendered spec planned again, as upstream reruns itself.
    /// </summary>
    /// <exception cref="DeploymentRefusedException">The spec (or the rendered one) cannot be used for the operation.</exception>
    /// <exception cref="DeploymentSpecException">The appConfig's template could not be read, rendered or loaded.</exception>
    /// <exception cref="ArgumentException">A <c>-Chain</c> filter is not a valid chain path.</exception>
    public async Task<PlannedDeployment> PlanAsync(Spec spec, DeploymentOperation operation, CancellationToken cancellationToken)
    {
        EnsureSupported(spec, operation);
        var planner = new DeploymentPlanner(_clients, _options);
        var purpose = Purpose(operation);
        if (spec is not AppConfigSpec app)
        {
            return new PlannedDeployment
            {
                Spec = spec,
                Effective = spec,
                Operation = operation,
                Project = ProjectOf(spec),
                Plan = await PlanFilteredAsync(planner, spec, purpose, cancellationToken).ConfigureAwait(false),
            };
        }
        var templatePlan = await PlanFilteredAsync(planner, app, purpose, cancellationToken).ConfigureAwait(false);
        var rendered = await new AppConfigRenderer().RenderAsync(app, templatePlan, _clients, cancellationToken).ConfigureAwait(false);
        var notes = rendered.Skipped.Select(s => $"{s.Target.Address}: {s.Reason}").ToList();
        if (!rendered.IsValid)
        {
            throw new DeploymentSpecException(app.Path, app.Kind, rendered.Errors.Count > 0
                ? rendered.Errors
                : [new SpecError(app.Path, 1, 1, "appFrom", $"the template '{app.AppFrom}' did not give a spec.")]);
        }
        var effective = rendered.Spec!;
        EnsureSupported(effective, operation);
        return new PlannedDeployment
        {
            Spec = spec,
            Effective = effective,
            Operation = operation,
            Project = ProjectOf(effective),
            Plan = await PlanFilteredAsync(planner, effective, purpose, cancellationToken).ConfigureAwait(false),
            TemplateSource = rendered.Source,
            Notes = notes,
        };
    }

    /// <summary>
    /// Runs <paramref name="planned"/> on <paramref name="targets"/> (the plan's targets the caller approved, in plan
    /// order): one failing target never stops the others, and maximumDeployments counts real successes.
    /// </summary>
    /// <param name="planned">The plan from <see cref="PlanAsync"/>.</param>
    /// <param name="targets">The approved targets; null for all of them.</param>
    /// <param name="restart">Apply: stop the project first when it exists.</param>
    /// <param name="force">Destroy: upstream's <c>--force</c>, passed to the node.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public async Task<IReadOnlyList<DeploymentOutcome>> RunAsync(
        PlannedDeployment planned, IReadOnlyList<DeploymentTarget>? targets, bool restart, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planned);
        var plan = targets is null ? planned.Plan : planned.Plan with { Targets = targets };
        if (plan.Targets.Count == 0)
        {
            return [];
        }
        var executor = new DeploymentExecutor(_clients);
        IReadOnlyList<DeploymentResult> results = (planned.Effective, planned.Operation) switch
        {
            (MetadataSpec m, DeploymentOperation.Apply) => await executor.ApplyMetadataAsync(m, plan, cancellationToken).ConfigureAwait(false),
            (MetadataSpec m, DeploymentOperation.Destroy) => await executor.DestroyMetadataAsync(m, plan, cancellationToken).ConfigureAwait(false),
            (DirectorProjectSpec d, DeploymentOperation.Apply) => await executor.ApplyAsync(d, plan, restart, cancellationToken).ConfigureAwait(false),
            (DirectorProjectSpec d, DeploymentOperation.Destroy) => await executor.DestroyAsync(d, plan, force, cancellationToken).ConfigureAwait(false),
            (DirectorProjectSpec d, DeploymentOperation.Cancel) => await executor.CancelAsync(d, plan, cancellationToken).ConfigureAwait(false),
            var (spec, operation) => throw new DeploymentRefusedException(
                $"{spec.Path}: kind {spec.Kind} cannot be {Verb(operation)} by this command.", "SpecKindNotSupported", DeploymentRefusedException.ConfigExitCode),
        };
        var metadata = planned.Effective is MetadataSpec;
        return [.. results.Select(r => Outcome(r, metadata, planned.Action))];
    }

    private static DeploymentOutcome Outcome(DeploymentResult r, bool metadata, string action)
    {
        if (r.Error is { } error)
        {
            var message = metadata && r.JobId is { } done ? $"{error} ({done} written before the failure)" : error;
            return new DeploymentOutcome(r.Target, action, DeploymentOutcomeStatus.Failed, null, metadata ? r.JobId : null, message, LeadingStatus(error));
        }
        if (r.SkipReason is { } skip)
        {
            return new DeploymentOutcome(r.Target, action, DeploymentOutcomeStatus.Skipped, null, null, skip, null);
        }
        if (metadata)
        {
            // The executor reports metadata writes in JobId: there is no job, the writes are synchronous.
            var count = r.JobId ?? 0;
            return action == "metadata"
                ? new DeploymentOutcome(r.Target, action, DeploymentOutcomeStatus.Written, null, count, $"{count} written", null)
                : new DeploymentOutcome(r.Target, action, DeploymentOutcomeStatus.Deleted, null, count, $"{count} deleted", null);
        }
        return new DeploymentOutcome(r.Target, action, DeploymentOutcomeStatus.Accepted, r.JobId, null, null, null);
    }

    /// <summary>The status <see cref="ChainCalls.Describe"/> puts first when the node answered (<c>503 ConnectError: …</c>).</summary>
    private static int? LeadingStatus(string error) =>
        error.Length > 4 && error[3] == ' ' && int.TryParse(error.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 100 and <= 599
            ? status
            : null;

    private static string ProjectOf(Spec spec) => spec switch
    {
        DirectorProjectSpec d => d.ProjectName,
        MetadataSpec m => m.Namespace?.Name ?? m.MetadataPrefix ?? System.IO.Path.GetFileNameWithoutExtension(m.Path),
        VmJailSpec v => v.VmName,
        _ => System.IO.Path.GetFileNameWithoutExtension(spec.Path),
    };

    private static PlanPurpose Purpose(DeploymentOperation operation) => operation switch
    {
        DeploymentOperation.Apply => PlanPurpose.Apply,
        DeploymentOperation.Destroy => PlanPurpose.Destroy,
        _ => PlanPurpose.Cancel,
    };

    private static string Verb(DeploymentOperation operation) => operation switch
    {
        DeploymentOperation.Apply => "deployed",
        DeploymentOperation.Destroy => "destroyed",
        _ => "cancelled",
    };

    /// <inheritdoc />
    public void Dispose() => _clients.Dispose();
}
