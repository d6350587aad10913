using Overlord.Core.Config;

namespace Overlord.Service.Jails.Polling;

/// <summary>
/// Upstream's <c>check_adaptive_polling</c> for one poller and one entity (§5.6): poll while readers asked within
/// <c>poll_window</c>; past it, poll only when the idle time reaches a limit that grows by <c>idle_penalty</c> per
/// poll (capped by <c>max_idle_penalty</c>, where the stamp is renewed and polling resumes). Not thread-safe: each
/// gate belongs to one poller, whose cycles never overlap.
/// </summary>
public sealed class AdaptiveGate(PollEntity entity, JailHostCache cache, AdaptivePollingConfig config)
{
    /// <summary>The entity this gate watches.</summary>
    public PollEntity Entity { get; } = entity;

    /// <summary>How many idle polls in a row have raised the limit.</summary>
    public int Penalty { get; private set; }

    /// <summary>Whether the poller should refresh <see cref="Entity"/> at <paramref name="now"/>.</summary>
    public bool ShouldPoll(DateTimeOffset now)
    {
        if (cache.LastAsked(Entity) is not { } stamp)
        {
            // Without a stamp nobody would ever renew it; start the window now, as upstream does.
            cache.Stamp(Entity, now);
            return true;
        }
        // Whole seconds, truncated like Python's int().
        var idle = (long)(now - stamp).TotalSeconds;
        if (idle < config.PollWindow)
        {
            Penalty = 0;
            return true;
        }
        var limit = Math.Min(config.MaxIdle + ((long)Penalty * config.IdlePenalty), config.MaxIdlePenalty);
        if (limit >= config.MaxIdlePenalty)
        {
            cache.Stamp(Entity, now);
            return true;
        }
        if (idle >= limit)
        {
            Penalty++;
            return true;
        }
        return false;
    }
}
