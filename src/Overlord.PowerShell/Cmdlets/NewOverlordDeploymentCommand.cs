using System.Management.Automation;
using Overlord.Core.Client;
using Overlord.PowerShell.Completers;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Deploys spec files to every node their <c>deployIn</c> selects.</summary>
/// <remarks>
/// <para>
/// The counterpart of upstream's <c>overlord apply -f FILE</c>. Each spec's <c>datacenters</c> entrypoints are walked
/// down their chain trees; a node is a target when none of its labels is in <c>deployIn.exclude</c> and one is in
/// <c>deployIn.labels</c>. A <c>directorProject</c> spec queues <c>project/up</c> on each target (with the
/// environment merged by upstream's precedence); a <c>metadata</c> spec writes its keys and namespace; an
/// <c>appConfig</c> spec reads its template from the first target that has it, renders it and deploys the result.
/// <c>readOnly</c> specs are refused (ReadOnlySpecRefused) and <c>vmJail</c> and <c>autoScale</c> specs are not run
/// by this command (SpecKindNotSupported).
/// </para>
/// <para>
/// It writes one OverlordDeployment per target: Status Accepted with the node's JobId, Skipped (maximumDeployments
/// reached, a metadata key the project needs is missing), Failed, or for metadata Written. A failed target also
/// writes a DeploymentFailed error and the other targets go on; a branch of the chain tree that cannot be read writes
/// a NodeUnreachable error. The jobs run on the nodes after the command returns: pipe the objects to
/// Wait-OverlordDeployment to wait for them.
/// </para>
/// <para>
/// With -WhatIf the tree is read but nothing is changed: each target is shown as a "What if" line with its labels,
/// unreachable branches as warnings, and targets beyond maximumDeployments are marked. -Chain keeps only the listed
/// chains, as upstream's --filter-chain ("" or &lt;root&gt; for the entrypoint itself).
/// </para>
/// </remarks>
/// <example title="Show the plan without deploying">
/// <code>PS> New-OverlordDeployment ./web.yml -WhatIf</code>
/// <para>
/// Shows the plan without deploying, one line per target, e.g.
/// What if: Performing the operation "Deploy project 'web' (up)" on target "main.alpha (labels: web, db)".
/// </para>
/// </example>
/// <example title="Deploy and wait for the jobs">
/// <code>PS> New-OverlordDeployment ./web.yml | Wait-OverlordDeployment -Timeout 300</code>
/// <para>
/// Deploys project web to every matching node and waits up to five minutes for the jobs; prints one status row per
/// node with the final status (COMPLETED, NOOP, FAILED …).
/// </para>
/// </example>
/// <example title="Deploy a folder of specs to one chain, restarting">
/// <code>PS> Get-ChildItem ./specs/*.yml | New-OverlordDeployment -Chain alpha.bravo -Restart</code>
/// <para>
/// Deploys every spec of the folder only on the node at chain alpha.bravo, stopping each project first when it
/// already exists; prints the Address, Project, Action, JobId and Status of each queued job.
/// </para>
/// </example>
[Cmdlet(VerbsCommon.New, "OverlordDeployment", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(OverlordDeployment))]
public sealed class NewOverlordDeploymentCommand : DeploymentCmdlet
{
    /// <summary>Stop each project first when it already exists, then start it again (upstream's --restart).</summary>
    [Parameter]
    public SwitchParameter Restart { get; set; }

    /// <summary>
    /// Only these chains (dotted paths below the datacenter's entrypoint, e.g. <c>alpha.charlie</c>); "" or
    /// <c>&lt;root&gt;</c> keeps the entrypoint itself. Upstream's <c>--filter-chain</c> and <c>--filter-root-chain</c>.
    /// Without it every matching node is a target.
    /// </summary>
    [Parameter]
    [ArgumentCompleter(typeof(ChainCompleter))]
    [AllowEmptyString]
    [AllowEmptyCollection]
    public string[]? Chain { get; set; }

    internal override string[]? Chains => Chain;

    internal override DeploymentOperation Operation => DeploymentOperation.Apply;

    internal override bool RestartProject => Restart;

    internal override string ActionText(string kind, string project, string action) => action == "metadata"
        ? $"Write metadata '{project}' (metadata)"
        : $"Deploy project '{project}' ({action}{(Restart ? ", restart" : "")})";

    /// <inheritdoc />
    protected override void ProcessRecord() => ProcessSpecFiles();
}
