using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Overlord.Service.Jails.Polling;

/// <summary>
/// The node's in-memory stand-in for upstream's memcached keys (§4): the latest <see cref="JailHostSnapshot"/> plus the
/// "last asked" stamp of each <see cref="PollEntity"/>. Reads take no lock and see whole snapshots; writers (the
/// pollers) serialize on a lock, derive the next snapshot and publish it with one reference swap.
/// </summary>
public sealed class JailHostCache(TimeProvider time)
{
    private static readonly int EntityCount = Enum.GetValues<PollEntity>().Length;

    private readonly Lock _write = new();
    private readonly long[] _stamps = InitStamps();
    private JailHostSnapshot _current = JailHostSnapshot.Empty;

    /// <summary>The latest snapshot.</summary>
    public JailHostSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Records that a reader asked about <paramref name="entity"/> now (upstream's <c>update_refresh_for</c>).</summary>
    public void Touch(PollEntity entity) => Stamp(entity, time.GetUtcNow());

    /// <summary>Touches every entity (upstream stamps all of them when a job is dispatched).</summary>
    public void TouchAll()
    {
        var now = time.GetUtcNow();
        foreach (var entity in Enum.GetValues<PollEntity>())
        {
            Stamp(entity, now);
        }
    }

    /// <summary>When a reader last asked about <paramref name="entity"/>; null when never.</summary>
    public DateTimeOffset? LastAsked(PollEntity entity)
    {
        var ticks = Volatile.Read(ref _stamps[(int)entity]);
        return ticks == long.MinValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    /// <summary>Sets the stamp of <paramref name="entity"/> (also used by adaptive polling itself, as upstream).</summary>
    public void Stamp(PollEntity entity, DateTimeOffset when) => Volatile.Write(ref _stamps[(int)entity], when.UtcTicks);

    /// <summary>
    /// Publishes a new jail list. Data of jails no longer listed is dropped (upstream's <c>gc_jails</c>); new jails start
    /// with nothing known.
    /// </summary>
    public void SetJails(IReadOnlyList<string> jails)
    {
        lock (_write)
        {
            var current = _current;
            var set = jails.ToFrozenSet(StringComparer.Ordinal);
            var states = current.JailStates;
            foreach (var gone in states.Keys.Where(j => !set.Contains(j)).ToList())
            {
                states = states.Remove(gone);
            }
            Publish(current with { Jails = [.. jails], JailSet = set, JailStates = states });
        }
    }

    /// <summary>
    /// Applies one poll cycle's results: <paramref name="changes"/> maps a jail to how its state changes. Jails that
    /// vanished while the cycle ran are skipped, so no orphan data outlives the jail list.
    /// </summary>
    public void UpdateJails(IEnumerable<KeyValuePair<string, Func<JailState, JailState>>> changes)
    {
        lock (_write)
        {
            var current = _current;
            var builder = current.JailStates.ToBuilder();
            foreach (var (jail, change) in changes)
            {
                if (current.JailSet.Contains(jail))
                {
                    builder[jail] = change(builder.GetValueOrDefault(jail) ?? JailState.Empty);
                }
            }
            Publish(current with { JailStates = builder.ToImmutable() });
        }
    }

    /// <summary>Publishes a new project list and drops the describe data of vanished projects (upstream's <c>gc_projects</c>).</summary>
    public void SetProjects(IReadOnlyList<string> projects)
    {
        lock (_write)
        {
            var current = _current;
            var set = projects.ToFrozenSet(StringComparer.Ordinal);
            var info = current.ProjectInfo;
            foreach (var gone in info.Keys.Where(p => !set.Contains(p)).ToList())
            {
                info = info.Remove(gone);
            }
            Publish(current with { Projects = [.. projects], ProjectSet = set, ProjectInfo = info });
        }
    }

    /// <summary>Stores describe data of one cycle; projects no longer listed are skipped.</summary>
    public void SetProjectInfo(IEnumerable<KeyValuePair<string, DirectorDescription>> descriptions)
    {
        lock (_write)
        {
            var current = _current;
            var builder = current.ProjectInfo.ToBuilder();
            foreach (var (project, description) in descriptions)
            {
                if (current.ProjectSet.Contains(project))
                {
                    builder[project] = description;
                }
            }
            Publish(current with { ProjectInfo = builder.ToImmutable() });
        }
    }

    private void Publish(JailHostSnapshot next) => Volatile.Write(ref _current, next);

    private static long[] InitStamps()
    {
        var stamps = new long[EntityCount];
        Array.Fill(stamps, long.MinValue);
        return stamps;
    }
}
