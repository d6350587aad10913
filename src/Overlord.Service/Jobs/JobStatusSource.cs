using System.Text.Json.Nodes;
using Overlord.Service.Jails.Polling;

namespace Overlord.Service.Jobs;

/// <summary>
/// Project info's <c>up</c> / <c>down</c> records from the store: the newest started create / destroy job in upstream's
/// record shape <c>{operation, last_update, job_id, output?, restarted?, exception?, message?}</c>. <c>labels</c> is
/// absent: special labels are not run by this node yet. A queued job has no record yet, as upstream.
/// </summary>
public sealed class JobStatusSource(JobStore store) : IProjectStatusSource
{
    /// <inheritdoc/>
    public JsonObject? Get(string project, ProjectJobKind kind)
    {
        var job = store.LatestStarted(project, kind == ProjectJobKind.Up ? JobKinds.Create : JobKinds.Destroy);
        if (job is null)
        {
            return null;
        }
        var record = new JsonObject
        {
            ["operation"] = job.Status,
            ["last_update"] = job.Updated,
            ["job_id"] = job.Id,
        };
        if (job.Output is { } output)
        {
            record["output"] = output.DeepClone();
        }
        if (job.Kind == JobKinds.Create && job.Status is JobStatuses.Completed or JobStatuses.Incompleted)
        {
            record["restarted"] = job.Restarted;
        }
        if (job.Exception is { } exception)
        {
            record["exception"] = new JsonObject { ["type"] = exception.Type, ["message"] = exception.Message };
        }
        if (job.Message is { } message)
        {
            record["message"] = message;
        }
        return record;
    }
}
