using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Cancels the running and queued jobs of the projects of spec files, named projects or earlier deployments.</summary>
/// <remarks>
/// <para>
/// The counterpart of upstream's <c>overlord cancel -f FILE</c>. With a spec (-Path/-LiteralPath) it plans the same
/// targets as New-OverlordDeployment and queues <c>project/cancel</c> on each: the node stops the project's running
/// job, drops its queued ones and runs <c>appjail-director cancel</c>. Only directorProject and appConfig specs can
/// be cancelled (metadata has no jobs: SpecKindNotSupported; readOnly: ReadOnlySpecRefused). With -Name it cancels
/// those projects on the node of -Uri (or the connected node); piped Get-OverlordProject objects bind -Name, -Uri and
/// -Chain, and piped OverlordDeployment objects are cancelled on their node with their spec's credentials.
/// </para>
/// <para>
/// It writes one OverlordDeployment per target with Action cancel, Status Accepted and the cancel job's JobId (pipe
/// it to Wait-OverlordDeployment); a failed target writes a DeploymentFailed error and the others go on.
/// </para>
/// </remarks>
/// <example title="Cancel a project on one chain">
/// <code>PS> Stop-OverlordDeployment ./web.yml -Chain alpha</code>
/// <para>Cancels project web's jobs on the node at chain alpha only; prints the cancel job it queued there.</para>
/// </example>
/// <example title="Start a deployment, cancel it and wait">
/// <code>PS> $d = New-OverlordDeployment ./web.yml; $d | Stop-OverlordDeployment | Wait-OverlordDeployment</code>
/// <para>Starts a deployment, cancels it on the same nodes and waits for the cancel jobs; prints their final status.</para>
/// </example>
[Cmdlet(VerbsLifecycle.Stop, "OverlordDeployment", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(OverlordDeployment))]
public sealed class StopOverlordDeploymentCommand : ProjectDeploymentCmdlet
{
    internal override DeploymentOperation Operation => DeploymentOperation.Cancel;

    internal override string ProjectAction => "cancel";

    internal override string ActionText(string kind, string project, string action) => $"Cancel project '{project}' (cancel)";

    internal override Task<long> SendAsync(OverlordNode node, string? chain, string project, CancellationToken cancellationToken) =>
        node.CancelProjectAsync(chain, project, cancellationToken);
}
