using System.Collections.Concurrent;
using Overlord.Core.Config;

namespace Overlord.Service.Jails.Polling.Kinds;

/// <summary>
/// <c>poll-project-info</c>: <c>appjail-director describe</c> of every listed project, stored with <c>last_log</c>
/// reduced to its last path part (the date directory), as upstream's <c>director.describe</c> does.
/// </summary>
public sealed class ProjectInfoPoll(JailHostCache cache, NodeConfig config) : IPollKind
{
    /// <inheritdoc />
    public string Name => "project_info";

    /// <inheritdoc />
    public IReadOnlyList<PollEntity> Entities { get; } = [PollEntity.ProjectInfo];

    /// <inheritdoc />
    public int IntervalSeconds => config.Polling.ProjectInfo;

    /// <inheritdoc />
    public string? MissingDriver(JailDrivers drivers) => drivers.Director is null ? nameof(IDirector) : null;

    /// <inheritdoc />
    public async Task RefreshAsync(PollCycle cycle, CancellationToken cancellationToken)
    {
        var director = cycle.Drivers.Director!;
        var found = new ConcurrentDictionary<string, DirectorDescription>(StringComparer.Ordinal);
        await cycle.ForEachAsync(cache.Current.Projects, async (project, ct) =>
        {
            // Null: the project went away since the list was taken; the next list drops it.
            if (await director.DescribeAsync(project, ct).ConfigureAwait(false) is { } description)
            {
                found[project] = description with { LastLog = Basename(description.LastLog) };
            }
        }, cancellationToken).ConfigureAwait(false);
        cache.SetProjectInfo(found);
    }

    /// <summary>The part after the last <c>/</c> (upstream's <c>split("/")[-1]</c>); null stays null.</summary>
    public static string? Basename(string? path) => path?[(path.LastIndexOf('/') + 1)..];
}
