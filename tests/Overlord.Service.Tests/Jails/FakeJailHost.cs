using System.Collections.Concurrent;
using Overlord.Service.Jails;
using Overlord.Service.Jails.Tools;

namespace Overlord.Service.Tests.Jails;

/// <summary>One jail of a <see cref="FakeAppJail"/>.</summary>
public sealed record FakeJail
{
    public JailStatus Status { get; init; } = JailStatus.Running;

    public Dictionary<string, string> Info { get; init; } = new() { ["name"] = "?", ["status"] = "UP" };

    public string? Cpuset { get; init; } = "0, 1";

    public Dictionary<string, long> Usage { get; init; } = new() { ["cputime"] = 1, ["memoryuse"] = 1024 };

    public Dictionary<JailConfItem, List<IReadOnlyDictionary<string, string?>>> Conf { get; init; } = [];
}

/// <summary>An in-memory AppJail host with fault knobs, safe for concurrent pollers.</summary>
public sealed class FakeAppJail : IAppJail
{
    private static readonly ToolCommand Command = new("appjail", []);

    public ConcurrentDictionary<string, FakeJail> Jails { get; } = new(StringComparer.Ordinal);

    /// <summary>Jails whose every call throws <see cref="ToolFailedException"/>.</summary>
    public ConcurrentDictionary<string, byte> Failing { get; } = new(StringComparer.Ordinal);

    /// <summary>Every command throws <see cref="ToolNotFoundException"/> (file reads still work, as on disk).</summary>
    public bool Missing { get; set; }

    public int InfoCalls;

    public FakeAppJail Add(string name, FakeJail? jail = null)
    {
        jail ??= new FakeJail();
        Jails[name] = jail with { Info = new Dictionary<string, string>(jail.Info) { ["name"] = name } };
        return this;
    }

    public IReadOnlyList<string> ListJails() => [.. Jails.Keys.Order(StringComparer.Ordinal)];

    public Task<JailStatus> GetStatusAsync(string jail, CancellationToken cancellationToken)
    {
        Check(jail);
        return Task.FromResult(Jails.TryGetValue(jail, out var j) ? j.Status : JailStatus.Absent);
    }

    public Task<IReadOnlyDictionary<string, string>?> GetInfoAsync(string jail, IReadOnlyList<string> keywords, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref InfoCalls);
        Check(jail);
        return Task.FromResult<IReadOnlyDictionary<string, string>?>(Jails.TryGetValue(jail, out var j)
            ? keywords.Where(j.Info.ContainsKey).ToDictionary(k => k, k => j.Info[k])
            : null);
    }

    public Task<string?> GetCpusetAsync(string jail, CancellationToken cancellationToken)
    {
        Check(jail);
        return Task.FromResult(Jails.TryGetValue(jail, out var j) && j.Status == JailStatus.Running ? j.Cpuset : null);
    }

    public Task<bool> IsVmJailAsync(string jail, CancellationToken cancellationToken) => Task.FromResult(false);

    public IReadOnlyList<IReadOnlyDictionary<string, string?>>? ReadConfItems(string jail, JailConfItem item, IReadOnlyList<string> keywords)
    {
        if (Failing.ContainsKey(jail))
        {
            throw new IOException($"{jail}: conf/ cannot be read");
        }
        return Jails.TryGetValue(jail, out var j) && j.Conf.TryGetValue(item, out var entries) ? entries : null;
    }

    private void Check(string jail)
    {
        if (Missing)
        {
            throw new ToolNotFoundException(Command);
        }
        if (Failing.ContainsKey(jail))
        {
            throw new ToolFailedException(Command, new ToolResult(70, "", $"{jail}: broken", TimeSpan.Zero));
        }
    }
}

/// <summary>An in-memory Director.</summary>
public sealed class FakeDirector : IDirector
{
    private static readonly ToolCommand Command = new("appjail-director", []);

    public ConcurrentDictionary<string, DirectorDescription> Projects { get; } = new(StringComparer.Ordinal);

    public bool Missing { get; set; }

    public FakeDirector Add(string name, string state = "DONE", string? lastLog = "/root/.director/logs/2025-06-14_09h41m07s", params DirectorService[] services)
    {
        Projects[name] = new DirectorDescription(name, state, lastLog, false, services);
        return this;
    }

    public Task<IReadOnlyList<DirectorProjectEntry>> ListAsync(CancellationToken cancellationToken)
    {
        if (Missing)
        {
            throw new ToolNotFoundException(Command);
        }
        return Task.FromResult<IReadOnlyList<DirectorProjectEntry>>([.. Projects.Keys.Order(StringComparer.Ordinal).Select(p => new DirectorProjectEntry(p, "+"))]);
    }

    public Task<DirectorDescription?> DescribeAsync(string project, CancellationToken cancellationToken) =>
        Task.FromResult(Projects.TryGetValue(project, out var d) ? d : null);

    public Task<bool> ExistsAsync(string project, CancellationToken cancellationToken) => Task.FromResult(Projects.ContainsKey(project));

    public Task<DirectorRun> UpAsync(string project, string directorFile, IReadOnlyDictionary<string, string> environment, bool overwrite, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<DirectorRun> DownAsync(string project, IReadOnlyDictionary<string, string> environment, bool destroy, bool ignoreFailed, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<bool> CancelAsync(string project, CancellationToken cancellationToken) => Task.FromResult(false);
}

/// <summary>rctl over a <see cref="FakeAppJail"/>'s usage numbers.</summary>
public sealed class FakeRctl(FakeAppJail host) : IRctl
{
    public bool Enabled { get; set; } = true;

    public int EnabledChecks;

    public Task<bool> IsEnabledAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref EnabledChecks);
        return Task.FromResult(Enabled);
    }

    public Task<IReadOnlyDictionary<string, long>> GetUsageAsync(string jail, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, long>>(host.Jails[jail].Usage);

    public Task<(int First, int Last)> GetPortRangeAsync(CancellationToken cancellationToken) => Task.FromResult((10000, 65535));
}
