using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Destroys the projects (or metadata) of spec files, named projects or earlier deployments on their nodes.</summary>
/// <remarks>
/// <para>
/// The counterpart of upstream's <c>overlord destroy -f FILE</c>. With a spec (-Path/-LiteralPath) it plans the
/// same targets as New-OverlordDeployment and queues <c>project/down</c> on each (Director runs
/// <c>down -d --ignore-failed</c>: the jails are destroyed), or for a metadata spec deletes its keys and namespace.
/// With -Name it destroys those projects on the node of -Uri (or the connected node) at each -Chain; piped
/// Get-OverlordProject objects bind -Name, -Uri and -Chain by property name. Piped OverlordDeployment objects are
/// destroyed on the node they were deployed to, with the credentials of their spec.
/// </para>
/// <para>
/// It writes one OverlordDeployment per target with Action down (Status Accepted and the JobId; pipe it to
/// Wait-OverlordDeployment) or delete for metadata (Status Deleted). A failed target writes a DeploymentFailed error
/// and the others go on. ConfirmImpact is High, so PowerShell asks before each target unless -Confirm:$false.
/// -Force is upstream's --force, passed to the node with the request; it does not skip the confirmation.
/// </para>
/// </remarks>
/// <example title="Show where a project would be destroyed">
/// <code>PS> Remove-OverlordDeployment ./web.yml -WhatIf</code>
/// <para>
/// Shows the nodes project web would be destroyed on, e.g.
/// What if: Performing the operation "Destroy project 'web' (down)" on target "main.alpha (labels: web, db)".
/// </para>
/// </example>
/// <example title="Destroy the projects whose last job failed">
/// <code>PS> Get-OverlordProject | Where-Object Status -eq FAILED | Remove-OverlordDeployment -Confirm:$false</code>
/// <para>Destroys every project of the connected node whose last job failed; prints one row per queued down job.</para>
/// </example>
/// <example title="Deploy, destroy and wait">
/// <code>PS> $d = New-OverlordDeployment ./web.yml; $d | Remove-OverlordDeployment -Confirm:$false | Wait-OverlordDeployment</code>
/// <para>Deploys, then destroys the same targets and waits until each down job ended; prints each job's final status.</para>
/// </example>
[Cmdlet(VerbsCommon.Remove, "OverlordDeployment", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(OverlordDeployment))]
public sealed class RemoveOverlordDeploymentCommand : ProjectDeploymentCmdlet
{
    /// <summary>Upstream's destroy --force, sent to the node as <c>force</c>; it does not skip -Confirm.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    internal override DeploymentOperation Operation => DeploymentOperation.Destroy;

    internal override bool ForceDown => Force;

    internal override string ProjectAction => "down";

    internal override string ActionText(string kind, string project, string action) => action == "delete"
        ? $"Delete metadata '{project}' (delete)"
        : $"Destroy project '{project}' (down{(Force ? ", force" : "")})";

    internal override Task<long> SendAsync(OverlordNode node, string? chain, string project, CancellationToken cancellationToken) =>
        node.DownProjectAsync(chain, project, Force, cancellationToken);
}
