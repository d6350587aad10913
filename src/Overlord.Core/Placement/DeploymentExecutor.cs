using Overlord.Core.Api;
using Overlord.Core.Specs;

namespace Overlord.Core.Placement;

/// <summary>What happened at one target of a plan.</summary>
/// <param name="Target">The node.</param>
/// <param name="Action">up, down or cancel.</param>
/// <param name="JobId">The node's job id when the request was accepted.</param>
/// <param name="SkipReason">Why the target was not asked (metadata missing, maximum reached …).</param>
/// <param name="Error">Why the request failed (the node's answer or the transport error).</param>
public sealed record DeploymentResult(DeploymentTarget Target, string Action, long? JobId, string? SkipReason = null, string? Error = null)
{
    /// <summary>The node accepted the request.</summary>
    public bool Accepted => JobId is not null;
}

/// <summary>
/// Runs a <see cref="DeploymentPlan"/> for a <c>directorProject</c> the way upstream's CLI does (§5.1): targets in plan
/// order, each with its own environment and Director file, one failing target never stops the others, and
/// <c>maximumDeployments</c> counts accepted <c>project/up</c> requests. Shared by the cmdlets and the tests.
/// </summary>
public sealed partial class DeploymentExecutor(IDatacenterClientFactory clients)
{
    /// <summary>
    /// <c>project/up</c> on every target. A <c>projectFile</c> is read once, relative to the spec's directory when it is
    /// not absolute (upstream: the current directory).
    /// </summary>
    public async Task<IReadOnlyList<DeploymentResult>> ApplyAsync(DirectorProjectSpec spec, DeploymentPlan plan, bool restart, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(plan);
        var projectFile = spec.ProjectFile is { } file ? await File.ReadAllTextAsync(ProjectFilePath(spec, file), cancellationToken).ConfigureAwait(false) : null;
        var budget = new DeploymentBudget(plan.MaximumDeployments);
        var results = new List<DeploymentResult>(plan.Targets.Count);
        foreach (var target in plan.Targets)
        {
            if (budget.IsExhausted)
            {
                results.Add(new DeploymentResult(target, "up", null, SkipReason: $"maximumDeployments ({budget.Maximum}) reached"));
                continue;
            }
            var result = await OnTargetAsync(spec, target, "up", projectFile, async (api, resolved) =>
            {
                var body = new ProjectUpRequest(resolved.DirectorFile!, resolved.Environment, restart, spec.ReservePort.Count > 0 ? spec.ReservePort : null);
                return (await (target.Chain is null
                    ? api.UpProjectAsync(spec.ProjectName, body, cancellationToken)
                    : api.UpChainProjectAsync(target.Chain, spec.ProjectName, body, cancellationToken)).ConfigureAwait(false)).JobId;
            }, cancellationToken).ConfigureAwait(false);
            if (result.Accepted)
            {
                budget.RecordSuccess();
            }
            results.Add(result);
        }
        return results;
    }

    /// <summary><c>project/down</c> (destroying the project) on every target, with the environment <c>up</c> would get.</summary>
    public async Task<IReadOnlyList<DeploymentResult>> DestroyAsync(DirectorProjectSpec spec, DeploymentPlan plan, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(plan);
        var results = new List<DeploymentResult>(plan.Targets.Count);
        foreach (var target in plan.Targets)
        {
            results.Add(await OnTargetAsync(spec, target, "down", projectFile: "", async (api, resolved) =>
            {
                var body = new ProjectDownRequest(resolved.Environment, force);
                return (await (target.Chain is null
                    ? api.DownProjectAsync(spec.ProjectName, body, cancellationToken)
                    : api.DownChainProjectAsync(target.Chain, spec.ProjectName, body, cancellationToken)).ConfigureAwait(false)).JobId;
            }, cancellationToken).ConfigureAwait(false));
        }
        return results;
    }

    /// <summary><c>project/cancel</c> on every target.</summary>
    public async Task<IReadOnlyList<DeploymentResult>> CancelAsync(DirectorProjectSpec spec, DeploymentPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(plan);
        var results = new List<DeploymentResult>(plan.Targets.Count);
        foreach (var target in plan.Targets)
        {
            try
            {
                var api = clients.GetClient(target.Datacenter, spec.Datacenters[target.Datacenter]);
                var reply = await (target.Chain is null
                    ? api.CancelProjectAsync(spec.ProjectName, cancellationToken)
                    : api.CancelChainProjectAsync(target.Chain, spec.ProjectName, cancellationToken)).ConfigureAwait(false);
                results.Add(new DeploymentResult(target, "cancel", reply.JobId));
            }
            catch (Exception e) when (ChainCalls.IsCallFailure(e, cancellationToken) || e is DatacenterClientException)
            {
                results.Add(new DeploymentResult(target, "cancel", null, Error: ChainCalls.Describe(e)));
            }
        }
        return results;
    }

    private async Task<DeploymentResult> OnTargetAsync(
        DirectorProjectSpec spec, DeploymentTarget target, string action, string? projectFile,
        Func<IOverlordApi, ResolvedProject, Task<long>> send, CancellationToken cancellationToken)
    {
        try
        {
            var api = clients.GetClient(target.Datacenter, spec.Datacenters[target.Datacenter]);
            var resolved = await DeploymentEnvironment.ResolveAsync(spec, target, api, projectFile, cancellationToken).ConfigureAwait(false);
            if (resolved.IsSkipped)
            {
                return new DeploymentResult(target, action, null, SkipReason: resolved.SkipReason);
            }
            return new DeploymentResult(target, action, await send(api, resolved).ConfigureAwait(false));
        }
        catch (Exception e) when (ChainCalls.IsCallFailure(e, cancellationToken) || e is DatacenterClientException)
        {
            return new DeploymentResult(target, action, null, Error: ChainCalls.Describe(e));
        }
    }

    private static string ProjectFilePath(DirectorProjectSpec spec, string file) =>
        System.IO.Path.IsPathRooted(file) ? file : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(spec.Path)) ?? ".", file);
}
