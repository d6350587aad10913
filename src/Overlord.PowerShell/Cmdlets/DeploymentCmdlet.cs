using System.Management.Automation;
using System.Net;
using Overlord.Core.Chains;
using Overlord.Core.Client;
using Overlord.Core.Placement;
using Overlord.Core.Specs;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>
/// Plumbing of New-, Remove- and Stop-OverlordDeployment: specs by <c>-Path</c>/<c>-LiteralPath</c>, the <c>-Chain</c>
/// filter, planning with <c>-WhatIf</c> showing the plan, running the approved targets and turning each outcome into
/// an <see cref="OverlordDeployment"/> (and an ErrorRecord when it failed).
/// </summary>
/// <remarks>
/// Not a <see cref="NodeCmdlet"/>: a spec names its own nodes and tokens, and <c>-Chain</c> here is a list (upstream's
/// <c>--filter-chain C…</c>), which NodeCmdlet's single <c>-Chain</c> cannot be.
/// </remarks>
public abstract class DeploymentCmdlet : OverlordCmdlet, IDisposable
{
    /// <summary>The parameter set of <see cref="Path"/>, the default.</summary>
    protected const string PathSet = "Path";

    /// <summary>The parameter set of <see cref="LiteralPath"/>.</summary>
    protected const string LiteralPathSet = "LiteralPath";

    private readonly CancellationTokenSource _stop = new();
    private Deployments? _deployments;

    /// <summary>Spec files; wildcards allowed, relative to the current location.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Spec files taken exactly as written; binds the PSPath of piped file objects (Get-ChildItem).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The <c>-Chain</c> filter (each cmdlet declares the parameter: its pipeline binding differs).</summary>
    internal abstract string[]? Chains { get; }

    /// <summary>Cancelled when the pipeline is stopped (Ctrl+C).</summary>
    protected CancellationToken StopToken => _stop.Token;

    /// <summary>What the spec sets do.</summary>
    internal abstract DeploymentOperation Operation { get; }

    /// <summary>Apply: <c>-Restart</c>.</summary>
    internal virtual bool RestartProject => false;

    /// <summary>Destroy: <c>-Force</c>.</summary>
    internal virtual bool ForceDown => false;

    /// <summary>The ShouldProcess action for a planned spec, e.g. <c>Deploy project 'web' (up)</c>.</summary>
    internal abstract string ActionText(string kind, string project, string action);

    /// <summary>True when the spec parameter sets are bound.</summary>
    protected bool IsSpecSet => ParameterSetName is PathSet or LiteralPathSet;

    /// <inheritdoc />
    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>Checks <c>-Chain</c> before anything is called: a bad path stops the command (InvalidChain).</summary>
    protected override void BeginProcessing()
    {
        if (Chains is not null && IsSpecSet)
        {
            _ = DeploymentsFor(Chains);
        }
    }

    /// <summary>The facade for <paramref name="chains"/>, made once (a piped <c>-Chain</c> is read with the first record).</summary>
    private Deployments DeploymentsFor(string[]? chains)
    {
        if (_deployments is null)
        {
            try
            {
                _deployments = new Deployments(chains);
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"-Chain: {e.Message}", e), ErrorIds.InvalidChain, ErrorCategory.InvalidArgument, chains));
            }
        }
        return _deployments!;
    }

    /// <summary>Plans and runs each spec file named by <c>-Path</c>/<c>-LiteralPath</c>.</summary>
    protected void ProcessSpecFiles()
    {
        var deployments = DeploymentsFor(Chains);
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var file in ResolveSpecFiles(literal ? LiteralPath : Path, literal))
        {
            if (file.Error is { } error)
            {
                WriteError(error);
                continue;
            }
            var loaded = SpecLoader.LoadFile(file.FilePath!);
            if (!loaded.IsValid)
            {
                var exception = new SpecValidationException(loaded.Path, loaded.Kind, loaded.Errors);
                WriteError(new ErrorRecord(exception, ErrorIds.InvalidSpec, ErrorCategory.InvalidData, loaded.Path));
                continue;
            }
            ProcessSpec(deployments, loaded.Spec!);
        }
    }

    private void ProcessSpec(Deployments deployments, Spec spec)
    {
        PlannedDeployment planned;
        try
        {
            WriteVerbose($"Planning {spec.Path} ({spec.Kind}).");
            planned = Run(c => deployments.PlanAsync(spec, Operation, c));
        }
        catch (DeploymentRefusedException e)
        {
            WriteError(new ErrorRecord(e, RefusalId(e), ErrorCategory.InvalidOperation, spec.Path));
            return;
        }
        catch (DeploymentSpecException e)
        {
            WriteError(new ErrorRecord(new SpecValidationException(e.Path, e.Kind, e.Errors), ErrorIds.InvalidSpec, ErrorCategory.InvalidData, spec.Path));
            return;
        }
        if (planned.TemplateSource is { } source)
        {
            WriteVerbose($"{spec.Path}: the appConfig template came from {source.Address}; it renders project '{planned.Project}'.");
        }
        foreach (var note in planned.Notes)
        {
            WriteVerbose(note);
        }
        var whatIf = IsWhatIf();
        foreach (var unreachable in planned.Plan.Unreachable)
        {
            var message = unreachable.ChildrenOnly
                ? $"The chains below {unreachable.Address} could not be listed: {unreachable.Error}"
                : $"{unreachable.Address} could not be reached: {unreachable.Error}";
            if (whatIf)
            {
                WriteWarning(message);
            }
            else
            {
                WriteError(new ErrorRecord(new OverlordApiException(message, null, null, null), ErrorIds.NodeUnreachable, ErrorCategory.ConnectionError, unreachable.Address));
            }
        }
        if (planned.Plan.Targets.Count == 0)
        {
            WriteWarning($"{spec.Path}: no node matches deployIn; nothing to do.");
            return;
        }
        var action = ActionText(planned.Kind, planned.Project, planned.Action);
        var approved = new List<DeploymentTarget>();
        foreach (var target in planned.Plan.Targets)
        {
            var text = $"{target.Address} (labels: {string.Join(", ", target.Labels)})";
            if (!target.WithinMaximum)
            {
                // Only a display estimate: the executor counts real successes, so this target runs if an earlier one fails.
                var over = $"{target.Address} is over maximumDeployments ({planned.Plan.MaximumDeployments}): it runs only if an earlier target fails.";
                WriteVerbose(over);
                text += $" [over maximumDeployments {planned.Plan.MaximumDeployments}]";
            }
            if (ShouldProcess(text, action))
            {
                approved.Add(target);
            }
        }
        if (approved.Count == 0)
        {
            return;
        }
        IReadOnlyList<DeploymentOutcome> outcomes;
        try
        {
            outcomes = Run(c => deployments.RunAsync(planned, approved, RestartProject, ForceDown, c));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The projectFile is read once before the first target; without it no target can be deployed.
            WriteError(new ErrorRecord(e, ErrorIds.ProjectFileUnreadable, ErrorCategory.ReadError, spec.Path));
            return;
        }
        foreach (var outcome in outcomes)
        {
            var result = new OverlordDeployment(planned.EndpointOf(outcome.Target))
            {
                Project = planned.Project,
                Kind = planned.Kind,
                Action = outcome.Action,
                Datacenter = outcome.Target.Datacenter,
                Chain = outcome.Target.Chain ?? "",
                Node = outcome.Target.Entrypoint,
                Address = outcome.Target.Address,
                JobId = outcome.JobId,
                Status = outcome.Status.ToString(),
                Message = outcome.Message,
            };
            if (outcome.Status == DeploymentOutcomeStatus.Failed)
            {
                WriteFailure(result, outcome.HttpStatus);
            }
            else if (outcome.Status == DeploymentOutcomeStatus.Skipped)
            {
                WriteVerbose($"{result.Address}: skipped: {result.Message}");
            }
            WriteObject(result);
        }
    }

    /// <summary>The non-terminating DeploymentFailed error of a failed target; the category follows the cause.</summary>
    internal void WriteFailure(OverlordDeployment result, int? httpStatus)
    {
        var exception = new OverlordApiException($"{result.Address}: {result.Action} of '{result.Project}' failed: {result.Message}", result.Node, (HttpStatusCode?)httpStatus, null);
        WriteError(new ErrorRecord(exception, ErrorIds.DeploymentFailed, FailureCategory(httpStatus), result));
    }

    /// <summary>STYLE rule 9: 400/422 InvalidData, 401 PermissionDenied, 403 SecurityError, 404 ObjectNotFound, 409 ResourceExists, 5xx or no answer ConnectionError.</summary>
    internal static ErrorCategory FailureCategory(int? status) => status switch
    {
        null => ErrorCategory.ConnectionError,
        400 or 422 => ErrorCategory.InvalidData,
        401 => ErrorCategory.PermissionDenied,
        403 => ErrorCategory.SecurityError,
        404 => ErrorCategory.ObjectNotFound,
        409 => ErrorCategory.ResourceExists,
        408 or 504 => ErrorCategory.OperationTimeout,
        >= 500 => ErrorCategory.ConnectionError,
        _ => ErrorCategory.InvalidResult,
    };

    private static string RefusalId(DeploymentRefusedException e) => e.ErrorId switch
    {
        "ReadOnlySpecRefused" => ErrorIds.ReadOnlySpecRefused,
        "AppConfigInvalidKind" => ErrorIds.AppConfigInvalidKind,
        _ => ErrorIds.SpecKindNotSupported,
    };

    /// <summary>True under <c>-WhatIf</c> or <c>$WhatIfPreference</c>.</summary>
    protected bool IsWhatIf() =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value)
            ? LanguagePrimitives.IsTrue(value)
            : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference", false));

    /// <summary>Waits for <paramref name="call"/> on the pipeline thread; a stop becomes <see cref="PipelineStoppedException"/>.</summary>
    internal T Run<T>(Func<CancellationToken, Task<T>> call)
    {
        try
        {
            return call(StopToken).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Disposes the stop token and the clients of the spec datacenters.</summary>
    public virtual void Dispose()
    {
        _deployments?.Dispose();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
