using System.Diagnostics;
using System.Management.Automation;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Overlord.Core.Api;
using Overlord.Core.Client;
using Overlord.PowerShell.Objects;

namespace Overlord.PowerShell.Cmdlets;

/// <summary>Waits until deployment jobs reach a final status and writes each job's outcome.</summary>
/// <remarks>
/// <para>
/// Takes the OverlordDeployment objects of New-, Remove- and Stop-OverlordDeployment from the pipeline (or one job
/// by -JobId on the node of -Uri / the connected node at -Chain), then reads every job
/// (<c>GET [/v1/chain/{chain}]/v1/jobs/{id}</c>) at once, every -PollInterval seconds, until each is COMPLETED,
/// INCOMPLETED, FAILED or NOOP. Upstream has no such command: its CLI returns once the jobs are queued.
/// </para>
/// <para>
/// It writes one OverlordDeploymentStatus per job as soon as that job ends, with the node's Status, the times, the
/// Director run's ReturnCode, ErrorLevel and FailedServices, and a Message. A job that ended FAILED or INCOMPLETED is
/// data, not an error: filter on Status (or Succeeded). Progress shows how many jobs are done and the status of each.
/// With -Timeout, jobs not done by then each write a DeploymentTimeout error (OperationTimeout) and the others are
/// still written. A node that does not answer is tried again until the timeout; a job the node does not know (404)
/// or a refused token writes NodeRefused at once. Deployments without a job (skipped, failed, metadata) write
/// DeploymentHasNoJob. Ctrl+C stops waiting; the jobs go on running on the nodes.
/// </para>
/// </remarks>
/// <example title="Deploy and wait up to five minutes">
/// <code>PS> New-OverlordDeployment ./web.yml | Wait-OverlordDeployment -Timeout 300</code>
/// <para>Deploys and waits up to five minutes; prints Address, Project, JobId, Status (e.g. COMPLETED) per node.</para>
/// </example>
/// <example title="Wait for one job by its id">
/// <code>PS> Wait-OverlordDeployment -JobId 12 -Chain alpha.bravo -PollInterval 0.5</code>
/// <para>Waits for job 12 of the node at chain alpha.bravo below the connected node, reading it twice a second.</para>
/// </example>
/// <example title="Keep the jobs that did not succeed">
/// <code>PS> $failed = New-OverlordDeployment ./web.yml | Wait-OverlordDeployment | Where-Object { -not $_.Succeeded }</code>
/// <para>Keeps the jobs that did not end COMPLETED or NOOP, to read their Message and FailedServices.</para>
/// </example>
[Cmdlet(VerbsLifecycle.Wait, "OverlordDeployment", DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(OverlordDeploymentStatus))]
public sealed class WaitOverlordDeploymentCommand : NodeCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string JobSet = "Job";
    private const int ProgressId = 0x0D5;

    private readonly List<Watch> _watches = [];
    private readonly Dictionary<NodeEndpoint, OverlordNode> _opened = [];

    /// <summary>Deployments to wait for, as New-, Remove- and Stop-OverlordDeployment write them.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public OverlordDeployment[] InputObject { get; set; } = [];

    /// <summary>One job id on the node of -Uri (or the connected node) at -Chain.</summary>
    [Parameter(Mandatory = true, ParameterSetName = JobSet)]
    [ValidateRange(1, long.MaxValue)]
    public long JobId { get; set; }

    /// <summary>Seconds to wait at most; 0 (the default) waits until every job ended or Ctrl+C.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Timeout { get; set; }

    /// <summary>Seconds between two reads of the jobs (default 1; at least 0.05).</summary>
    [Parameter]
    [ValidateRange(0.05, 3600.0)]
    public double PollInterval { get; set; } = 1;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == JobSet)
        {
            var (node, chain) = Target();
            var address = chain.Length == 0 ? node.Address.Authority : $"{node.Address.Authority}/{chain}";
            _watches.Add(new Watch(null, node, chain, JobId, null, address));
            return;
        }
        foreach (var deployment in InputObject)
        {
            if (deployment.JobId is not { } id)
            {
                var message = $"{deployment.Address}: {deployment.Action} of '{deployment.Project}' has no job to wait for (Status {deployment.Status}).";
                WriteError(new ErrorRecord(new InvalidOperationException(message), ErrorIds.DeploymentHasNoJob, ErrorCategory.InvalidArgument, deployment));
                continue;
            }
            if (deployment.Endpoint is not { } endpoint)
            {
                var message = $"{deployment.Address}: the deployment object carries no node credentials; use -JobId with -Uri and -Token.";
                WriteError(new ErrorRecord(new InvalidOperationException(message), ErrorIds.NotConnected, ErrorCategory.InvalidOperation, deployment));
                continue;
            }
            if (!_opened.TryGetValue(endpoint, out var node))
            {
                try
                {
                    node = endpoint.Open();
                }
                catch (OverlordApiException e)
                {
                    WriteError(ToErrorRecord(e, deployment));
                    continue;
                }
                _opened[endpoint] = node;
            }
            _watches.Add(new Watch(deployment, node, deployment.Chain, id, deployment.Datacenter, deployment.Address));
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            WaitAll();
        }
        finally
        {
            foreach (var node in _opened.Values)
            {
                node.Dispose();
            }
            _opened.Clear();
        }
    }

    private void WaitAll()
    {
        if (_watches.Count == 0)
        {
            return;
        }
        var clock = Stopwatch.StartNew();
        var limit = Timeout > 0 ? TimeSpan.FromSeconds(Timeout) : (TimeSpan?)null;
        var pending = new List<Watch>(_watches);
        var total = pending.Count;
        var progress = new ProgressRecord(ProgressId, $"Waiting for {total} deployment job(s)", "starting");
        while (true)
        {
            var polls = Await(Task.WhenAll(pending.Select(PollAsync)));
            foreach (var (watch, job, error) in polls)
            {
                if (job is not null)
                {
                    watch.Last = job.Status;
                    watch.LastError = null;
                    if (job.Terminal)
                    {
                        pending.Remove(watch);
                        WriteObject(ToStatus(watch, job));
                    }
                }
                else if (error is not null)
                {
                    if (error.StatusCode is { } status && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests) && (int)status < 500)
                    {
                        // The node answered and will answer the same again (unknown job, refused token): stop asking.
                        pending.Remove(watch);
                        WriteError(ToErrorRecord(error, (object?)watch.Source ?? watch.JobId));
                    }
                    else
                    {
                        watch.LastError = error.Message;
                        WriteVerbose($"{watch.Address} job {watch.JobId}: {error.Message}; trying again.");
                    }
                }
            }
            var done = total - pending.Count;
            progress.StatusDescription = $"{done} of {total} done";
            progress.PercentComplete = total == 0 ? 100 : done * 100 / total;
            progress.CurrentOperation = string.Join(", ", pending.Select(w => $"{w.Address} job {w.JobId}: {w.LastError ?? w.Last ?? "?"}"));
            WriteProgress(progress);
            if (pending.Count == 0)
            {
                break;
            }
            var left = limit is { } l ? l - clock.Elapsed : (TimeSpan?)null;
            if (left is { } remaining && remaining <= TimeSpan.Zero)
            {
                foreach (var watch in pending)
                {
                    var message = $"{watch.Address}: job {watch.JobId} did not end within {Timeout} s (last status {watch.Last ?? "unknown"}{(watch.LastError is { } e ? $", last error: {e}" : "")}).";
                    WriteError(new ErrorRecord(new TimeoutException(message), ErrorIds.DeploymentTimeout, ErrorCategory.OperationTimeout, (object?)watch.Source ?? watch.JobId));
                }
                break;
            }
            var delay = TimeSpan.FromSeconds(PollInterval);
            Await(Task.Delay(left is { } r && r < delay ? r : delay, StopToken));
        }
        progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(progress);
    }

    private T Await<T>(Task<T> task)
    {
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    private void Await(Task task) => Await(task.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default));

    private async Task<(Watch Watch, JobReply? Job, OverlordApiException? Error)> PollAsync(Watch watch)
    {
        try
        {
            return (watch, await watch.Node.GetJobAsync(watch.Chain.Length == 0 ? null : watch.Chain, watch.JobId, StopToken).ConfigureAwait(false), null);
        }
        catch (OverlordApiException e)
        {
            return (watch, null, e);
        }
    }

    private static OverlordDeploymentStatus ToStatus(Watch watch, JobReply job)
    {
        var output = job.Output;
        var stdout = output?["stdout"] as JsonObject;
        return new OverlordDeploymentStatus
        {
            Project = job.Project,
            Kind = job.Kind,
            Datacenter = watch.Datacenter,
            Chain = watch.Chain,
            Node = watch.Node.Address,
            Address = watch.Address,
            JobId = job.Id,
            Status = job.Status,
            Created = job.Created,
            Started = job.Started,
            Finished = job.Finished,
            ReturnCode = Int(output?["rc"]),
            ErrorLevel = Int(stdout?["errlevel"]),
            FailedServices = Names(stdout?["failed"]),
            Message = job.Message ?? (job.Exception is { } ex ? $"{ex.Type}: {ex.Message}" : null) ?? Text(stdout?["message"]),
            Output = output?.ToJsonString(),
        };
    }

    private static int? Int(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var i) ? i
        : node is JsonValue v && v.TryGetValue<int>(out var j) ? j
        : null;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    private static IReadOnlyList<string> Names(JsonNode? node) => node switch
    {
        JsonArray array => [.. array.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : n?.ToJsonString() ?? "")],
        JsonObject obj => [.. obj.Select(kv => kv.Key)],
        JsonValue value when value.TryGetValue<string>(out var s) && s.Length > 0 => [s],
        _ => [],
    };

    /// <summary>One job being waited for.</summary>
    private sealed class Watch(OverlordDeployment? source, OverlordNode node, string chain, long jobId, string? datacenter, string address)
    {
        public OverlordDeployment? Source { get; } = source;
        public OverlordNode Node { get; } = node;
        public string Chain { get; } = chain;
        public long JobId { get; } = jobId;
        public string? Datacenter { get; } = datacenter;
        public string Address { get; } = address;
        public string? Last { get; set; }
        public string? LastError { get; set; }
    }
}
