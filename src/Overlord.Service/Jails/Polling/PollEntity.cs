namespace Overlord.Service.Jails.Polling;

/// <summary>
/// What a reader can ask about, and so what adaptive polling tracks: one "last asked" stamp each, named as upstream's
/// <c>overlord_timestamp_&lt;entity&gt;</c> keys.
/// </summary>
public enum PollEntity
{
    /// <summary><c>jails</c>: the jail list (every jail route stamps it).</summary>
    Jails,

    /// <summary><c>jail_info</c>.</summary>
    JailInfo,

    /// <summary><c>jail_stats</c> (also stamped by <c>/v1/stats</c>).</summary>
    JailStats,

    /// <summary><c>cpuset</c>.</summary>
    Cpuset,

    /// <summary><c>devfs</c>.</summary>
    Devfs,

    /// <summary><c>expose</c>.</summary>
    Expose,

    /// <summary><c>healthcheck</c>.</summary>
    Healthcheck,

    /// <summary><c>limits</c>.</summary>
    Limits,

    /// <summary><c>fstab</c>.</summary>
    Fstab,

    /// <summary><c>label</c>.</summary>
    Label,

    /// <summary><c>nat</c>.</summary>
    Nat,

    /// <summary><c>volume</c>.</summary>
    Volume,

    /// <summary><c>projects</c>.</summary>
    Projects,

    /// <summary><c>project_info</c>.</summary>
    ProjectInfo,
}

/// <summary>Maps between entities and the <c>conf/</c> items they cover.</summary>
public static class PollEntities
{
    /// <summary>The <c>conf/</c> items in upstream's polling order, with their entity.</summary>
    public static IReadOnlyList<(JailConfItem Item, PollEntity Entity)> ConfItems { get; } =
    [
        (JailConfItem.Devfs, PollEntity.Devfs),
        (JailConfItem.Expose, PollEntity.Expose),
        (JailConfItem.Healthcheck, PollEntity.Healthcheck),
        (JailConfItem.Limits, PollEntity.Limits),
        (JailConfItem.Fstab, PollEntity.Fstab),
        (JailConfItem.Labels, PollEntity.Label),
        (JailConfItem.Nat, PollEntity.Nat),
        (JailConfItem.Volumes, PollEntity.Volume),
    ];

    /// <summary>The entity that tracks <paramref name="item"/>.</summary>
    public static PollEntity For(JailConfItem item) => ConfItems.First(c => c.Item == item).Entity;
}
