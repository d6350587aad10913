using System.Security.Cryptography;
using System.Text;
using Overlord.Core.Api;
using Overlord.Service.Jails.Polling;

namespace Overlord.Service.Jobs;

/// <summary>Accepts jobs for the API: commits each to the store (the answer's <c>job_id</c>), then hands it to the workers.</summary>
public sealed class JobDispatcher(JobStore store, JobQueue queue, JailHostCache cache, ILogger<JobDispatcher> logger)
{
    /// <summary>Stores and queues a job; returns its id once it is on disk.</summary>
    public long Dispatch(string kind, string project, JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hash = request.DirectorFile is { } file ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(file))) : null;
        var id = store.Enqueue(kind, project, request, hash);
        JobLog.Accepted(logger, id, kind, project);
        if (kind == JobKinds.Cancel)
        {
            queue.SubmitCancel(id);
        }
        else
        {
            queue.Submit(project, id);
        }
        // As upstream, a job stamps every entity so the pollers look at the host soon.
        cache.TouchAll();
        return id;
    }

    /// <summary>A job with its history, as <c>GET /v1/jobs/{id}</c> answers; null when unknown.</summary>
    public JobReply? Describe(long id)
    {
        if (store.Get(id) is not { } job)
        {
            return null;
        }
        return new JobReply(
            job.Id,
            job.Kind,
            job.Project,
            job.Status,
            JobStatuses.IsTerminal(job.Status),
            job.SpecHash,
            job.Restarted,
            JobStore.FromUnix(job.Created),
            job.Started is { } started ? JobStore.FromUnix(started) : null,
            job.Finished is { } finished ? JobStore.FromUnix(finished) : null,
            job.Output,
            job.Exception,
            job.Message,
            store.Steps(id),
            store.History(id));
    }
}
