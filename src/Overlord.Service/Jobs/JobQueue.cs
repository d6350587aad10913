using System.Threading.Channels;

namespace Overlord.Service.Jobs;

/// <summary>
/// In-memory scheduling over the durable store: one lane per project holding its pending job ids in id order, and a
/// channel of lanes ready to run. A lane is in at most one place at a time (ready channel, delay list or a worker), so
/// one project's jobs run one after another while different projects run in parallel on the worker pool. Cancel jobs
/// bypass the lanes: they must act on a lane's running job, not wait behind it.
/// </summary>
public sealed class JobQueue
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly List<(DateTimeOffset Due, string Project)> _delayed = [];
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });
    private readonly Channel<long> _cancels = Channel.CreateUnbounded<long>();

    /// <summary>Projects whose lane has a job to run.</summary>
    public ChannelReader<string> Ready => _ready.Reader;

    /// <summary>Cancel jobs to run at once.</summary>
    public ChannelReader<long> Cancels => _cancels.Reader;

    /// <summary>Adds a create/destroy job to its project's lane.</summary>
    public void Submit(string project, long id)
    {
        lock (_gate)
        {
            var lane = LaneOf(project);
            lane.Pending.Add(id);
            if (!lane.Scheduled)
            {
                lane.Scheduled = true;
                _ready.Writer.TryWrite(project);
            }
        }
    }

    /// <summary>
    /// Keeps the project's lane from running (jobs still queue up in it) until <see cref="Release"/>: used while a job
    /// interrupted by a restart is reconciled, so nothing new starts on that project meanwhile.
    /// </summary>
    public void Hold(string project)
    {
        lock (_gate)
        {
            LaneOf(project).Scheduled = true;
        }
    }

    /// <summary>Ends a <see cref="Hold"/>: the lane runs its queued jobs, if any.</summary>
    public void Release(string project)
    {
        lock (_gate)
        {
            var lane = LaneOf(project);
            if (lane.Pending.Count > 0)
            {
                _ready.Writer.TryWrite(project);
            }
            else
            {
                lane.Scheduled = false;
                _lanes.Remove(project);
            }
        }
    }

    /// <summary>Queues a cancel job.</summary>
    public void SubmitCancel(long id) => _cancels.Writer.TryWrite(id);

    /// <summary>
    /// The lane's next job id, with a token that <see cref="CancelRunning"/> fires; null when the lane is empty (it is
    /// then released). Call <see cref="Complete"/> or <see cref="Defer"/> afterwards.
    /// </summary>
    public (long Id, CancellationTokenSource Cancel)? Take(string project, CancellationToken stopping)
    {
        lock (_gate)
        {
            var lane = LaneOf(project);
            if (lane.Pending.Count == 0)
            {
                lane.Scheduled = false;
                _lanes.Remove(project);
                return null;
            }
            var id = lane.Pending.Min;
            lane.Running = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            lane.RunningId = id;
            return (id, lane.Running);
        }
    }

    /// <summary>The job is done (whatever its status): drop it and hand the lane on.</summary>
    public void Complete(string project, long id)
    {
        lock (_gate)
        {
            var lane = LaneOf(project);
            lane.Pending.Remove(id);
            EndRun(lane);
            if (lane.Pending.Count > 0)
            {
                _ready.Writer.TryWrite(project);
            }
            else
            {
                lane.Scheduled = false;
                _lanes.Remove(project);
            }
        }
    }

    /// <summary>The job could not start yet (project locked): look at the lane again at <paramref name="due"/>.</summary>
    public void Defer(string project, DateTimeOffset due)
    {
        lock (_gate)
        {
            EndRun(LaneOf(project));
            _delayed.Add((due, project));
        }
    }

    /// <summary>Moves lanes whose delay has passed back to the ready channel.</summary>
    public void ReleaseDue(DateTimeOffset now)
    {
        lock (_gate)
        {
            for (var i = _delayed.Count - 1; i >= 0; i--)
            {
                if (_delayed[i].Due <= now)
                {
                    _ready.Writer.TryWrite(_delayed[i].Project);
                    _delayed.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Fires the token of the project's running job; returns its id, or null when none runs.</summary>
    public long? CancelRunning(string project)
    {
        lock (_gate)
        {
            if (_lanes.TryGetValue(project, out var lane) && lane.Running is { } running)
            {
                running.Cancel();
                return lane.RunningId;
            }
            return null;
        }
    }

    /// <summary>Jobs waiting in lanes (not counting running ones), for diagnostics and benches.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _lanes.Values.Sum(l => l.Pending.Count);
            }
        }
    }

    private Lane LaneOf(string project)
    {
        if (!_lanes.TryGetValue(project, out var lane))
        {
            lane = new Lane();
            _lanes[project] = lane;
        }
        return lane;
    }

    private static void EndRun(Lane lane)
    {
        lane.Running?.Dispose();
        lane.Running = null;
        lane.RunningId = null;
    }

    private sealed class Lane
    {
        public SortedSet<long> Pending { get; } = [];

        public bool Scheduled { get; set; }

        public CancellationTokenSource? Running { get; set; }

        public long? RunningId { get; set; }
    }
}
