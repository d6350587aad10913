using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Overlord.Service.Jails.Polling;

/// <summary>The entries of one <c>conf/</c> item of a jail, as <see cref="IAppJail.ReadConfItems"/> returns them.</summary>
public sealed record ConfEntries(IReadOnlyList<IReadOnlyDictionary<string, string?>> Entries);

/// <summary>What the pollers know about one jail; a null member was never polled (or was dropped).</summary>
/// <param name="Info">Keyword → value.</param>
/// <param name="Stats">rctl resource → value; only while the jail runs.</param>
/// <param name="Cpuset">The CPU set, last seen while the jail ran.</param>
/// <param name="Conf">Entries per <c>conf/</c> item that has been read.</param>
public sealed record JailState(
    IReadOnlyDictionary<string, string>? Info,
    IReadOnlyDictionary<string, long>? Stats,
    string? Cpuset,
    ImmutableDictionary<JailConfItem, ConfEntries> Conf)
{
    /// <summary>Nothing polled yet.</summary>
    public static JailState Empty { get; } = new(null, null, null, ImmutableDictionary<JailConfItem, ConfEntries>.Empty);

    /// <summary>The entries of <paramref name="item"/>, or null when never read.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string?>>? ConfOf(JailConfItem item) =>
        Conf.TryGetValue(item, out var entries) ? entries.Entries : null;
}

/// <summary>
/// One consistent view of the jail host. Never changed after publication: a poller builds the next snapshot from the
/// current one and swaps it in, so a reader sees a whole cycle or none of it.
/// </summary>
public sealed record JailHostSnapshot
{
    /// <summary>Nothing polled.</summary>
    public static JailHostSnapshot Empty { get; } = new();

    /// <summary>Jail names as the jail poller listed them.</summary>
    public ImmutableArray<string> Jails { get; init; } = [];

    /// <summary>The same names, for lookups.</summary>
    public FrozenSet<string> JailSet { get; init; } = FrozenSet<string>.Empty;

    /// <summary>Per-jail data, only for jails in <see cref="Jails"/>.</summary>
    public ImmutableDictionary<string, JailState> JailStates { get; init; } = ImmutableDictionary.Create<string, JailState>(StringComparer.Ordinal);

    /// <summary>Project names as Director listed them.</summary>
    public ImmutableArray<string> Projects { get; init; } = [];

    /// <summary>The same names, for lookups.</summary>
    public FrozenSet<string> ProjectSet { get; init; } = FrozenSet<string>.Empty;

    /// <summary>Describe data per project (last_log reduced to its basename), only for projects in <see cref="Projects"/>.</summary>
    public ImmutableDictionary<string, DirectorDescription> ProjectInfo { get; init; } = ImmutableDictionary.Create<string, DirectorDescription>(StringComparer.Ordinal);

    /// <summary>Whether the host has <paramref name="jail"/>.</summary>
    public bool HasJail(string jail) => JailSet.Contains(jail);

    /// <summary>What is known about <paramref name="jail"/> (<see cref="JailState.Empty"/> when nothing).</summary>
    public JailState StateOf(string jail) => JailStates.GetValueOrDefault(jail) ?? JailState.Empty;

    /// <summary>Whether Director lists <paramref name="project"/>.</summary>
    public bool HasProject(string project) => ProjectSet.Contains(project);
}
