using System.Net;
using System.Text.Json.Nodes;
using Overlord.Core.Api;
using Overlord.Core.Specs;

namespace Overlord.Core.Placement;

public sealed partial class DeploymentExecutor
{
    /// <summary>
    /// A <c>metadata</c> spec on every target, as upstream's client: each key (prefix applied) is created or updated
    /// (HEAD, then POST or PUT), then the namespace; every key and the namespace count towards
    /// <c>maximumDeployments</c>, checked after each target. <see cref="DeploymentResult.JobId"/> is the number of
    /// writes the target accepted (metadata writes are synchronous: there is no job).
    /// </summary>
    public async Task<IReadOnlyList<DeploymentResult>> ApplyMetadataAsync(MetadataSpec spec, DeploymentPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(plan);
        var mapping = spec.Namespace is { } ns ? new NamespaceWriteRequest(Mapping(ns)) : null;
        var budget = new DeploymentBudget(plan.MaximumDeployments);
        var results = new List<DeploymentResult>(plan.Targets.Count);
        foreach (var target in plan.Targets)
        {
            if (budget.IsExhausted)
            {
                results.Add(new DeploymentResult(target, "metadata", null, SkipReason: $"maximumDeployments ({budget.Maximum}) reached"));
                continue;
            }
            var written = 0;
            try
            {
                var api = clients.GetClient(target.Datacenter, spec.Datacenters[target.Datacenter]);
                foreach (var (key, value) in spec.PrefixedMetadata)
                {
                    await MetadataWrites.UpsertAsync(api, target.Chain, key, value, ExistsAsync, cancellationToken).ConfigureAwait(false);
                    written++;
                }
                if (spec.Namespace is { } space && mapping is not null)
                {
                    // PUT rewrites the namespace as a whole, which is what re-applying a spec means.
                    await (target.Chain is null
                        ? api.UpdateNamespaceAsync(space.Name, mapping, cancellationToken)
                        : api.UpdateChainNamespaceAsync(target.Chain, space.Name, mapping, cancellationToken)).ConfigureAwait(false);
                    written++;
                }
                results.Add(new DeploymentResult(target, "metadata", written));
            }
            catch (Exception e) when (ChainCalls.IsCallFailure(e, cancellationToken) || e is DatacenterClientException)
            {
                results.Add(new DeploymentResult(target, "metadata", written > 0 ? written : null, Error: ChainCalls.Describe(e)));
            }
            budget.RecordSuccess(written);
        }
        return results;
    }

    /// <summary>Deletes the spec's keys and namespace on every target (absent ones are not an error).</summary>
    public async Task<IReadOnlyList<DeploymentResult>> DestroyMetadataAsync(MetadataSpec spec, DeploymentPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(plan);
        var results = new List<DeploymentResult>(plan.Targets.Count);
        foreach (var target in plan.Targets)
        {
            var deleted = 0;
            try
            {
                var api = clients.GetClient(target.Datacenter, spec.Datacenters[target.Datacenter]);
                foreach (var (key, _) in spec.PrefixedMetadata)
                {
                    deleted += await DeletedAsync(target.Chain is null ? api.DeleteMetadataAsync(key, cancellationToken) : api.DeleteChainMetadataAsync(target.Chain, key, cancellationToken)).ConfigureAwait(false);
                }
                if (spec.Namespace is { } space)
                {
                    deleted += await DeletedAsync(target.Chain is null ? api.DeleteNamespaceAsync(space.Name, cancellationToken) : api.DeleteChainNamespaceAsync(target.Chain, space.Name, cancellationToken)).ConfigureAwait(false);
                }
                results.Add(new DeploymentResult(target, "delete", deleted));
            }
            catch (Exception e) when (ChainCalls.IsCallFailure(e, cancellationToken) || e is DatacenterClientException)
            {
                results.Add(new DeploymentResult(target, "delete", null, Error: ChainCalls.Describe(e)));
            }
        }
        return results;
    }

    /// <summary>The mapping as the node takes it; the prefix is already resolved by the spec reader and applied here.</summary>
    private static JsonArray Mapping(NamespaceSpec space)
    {
        var items = new JsonArray();
        foreach (var item in space.Mapping)
        {
            var json = new JsonObject();
            if (item.IsDirectory)
            {
                json["directory"] = item.Path;
            }
            else
            {
                var meta = item.Prefix is { } prefix ? $"{prefix}.{item.Metadata}" : item.Metadata;
                json["file"] = $"{meta}:{item.Path}";
            }
            AddIdOrName(json, "owner", item.Owner);
            AddIdOrName(json, "group", item.Group);
            if (item.Mode is { } mode)
            {
                json["mode"] = mode;
            }
            if (item.Umask is { } umask)
            {
                json["umask"] = umask;
            }
            items.Add(json);
        }
        return items;
    }

    private static void AddIdOrName(JsonObject json, string key, string? value)
    {
        if (value is null)
        {
            return;
        }
        json[key] = long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? JsonValue.Create(id) : JsonValue.Create(value);
    }

    private static async Task<bool> ExistsAsync(Task<Refit.IApiResponse> check)
    {
        using var response = await check.ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.NotFound)
        {
            return false;
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HEAD answered {(int?)response.StatusCode}: {response.Error?.Message}", response.Error, response.StatusCode);
        }
        return true;
    }

    private static async Task<int> DeletedAsync(Task<Refit.IApiResponse> delete)
    {
        using var response = await delete.ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.NotFound)
        {
            return 0;
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"DELETE answered {(int?)response.StatusCode}: {response.Error?.Message}", response.Error, response.StatusCode);
        }
        return 1;
    }
}
