using System.Text.Json.Nodes;
using Overlord.Core.Api;
using Overlord.Service.Jobs;

namespace Overlord.Service.Api;

/// <summary>
/// Upstream's status reads for VMs and the autoscaler: <c>GET /v1/vm/&lt;vm&gt;</c> and
/// <c>GET /v1/project/autoscale/&lt;project&gt;</c>, with upstream's shapes and 404 texts. This node runs no VM jobs and
/// no autoscaler yet, so the VM record comes from a <see cref="VmJobKind"/> job in the store when one exists and the
/// autoscale state is always absent (upstream's answer once its record has expired).
/// </summary>
public static class StatusEndpoints
{
    /// <summary>The job kind of a VM job (upstream's <c>overlord_vm</c> tube), whose project is the VM name.</summary>
    public const string VmJobKind = "vm";

    /// <summary>Maps the routes on the authenticated upstream group.</summary>
    public static RouteGroupBuilder MapStatuses(this RouteGroupBuilder v1)
    {
        v1.Map($"/vm/{{vm:{UpstreamNameConstraint.Name}(vm)}}", Vm).Allow("GET").ExcludeFromDescription();
        v1.Map($"/project/autoscale/{{project:{UpstreamNameConstraint.Name}(project)}}", Autoscale).Allow("GET").ExcludeFromDescription();
        return v1;
    }

    /// <summary>
    /// <c>{"status_code": 200, "status": {operation, last_update, job_id, output?, exception?}}</c> from the newest
    /// started VM job, <c>last_update</c> in seconds ago; 404 <c>VM '&lt;vm&gt;' cannot be found.</c> without one.
    /// </summary>
    public static IResult Vm(JobStore store, TimeProvider time, string vm)
    {
        if (store.LatestStarted(vm, VmJobKind) is not { } job)
        {
            return UpstreamJson.Error(StatusCodes.Status404NotFound, $"VM '{vm}' cannot be found.");
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        var exception = job.Exception is { } e ? new JsonObject { ["type"] = e.Type, ["message"] = e.Message } : null;
        var status = new VmStatus(job.Status, now - job.Updated, job.Id, job.Output?.DeepClone(), exception);
        return UpstreamJson.Result(new VmStatusReply(StatusCodes.Status200OK, status), UpstreamJson.Context.VmStatusReply);
    }

    /// <summary>404 <c>Project '&lt;project&gt;' cannot be found.</c>: there is no autoscaler whose state could be read.</summary>
    public static IResult Autoscale(string project) =>
        UpstreamJson.Error(StatusCodes.Status404NotFound, $"Project '{project}' cannot be found.");
}
