using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Overlord.Core.Config;
using Overlord.Service.Jails;
using Overlord.Service.Jails.Polling;

namespace Overlord.Service.Tests.Jails;

/// <summary>The pollers of one node, built from the real registration with fake drivers and a fake clock.</summary>
public sealed class PollerRig : IDisposable
{
    private readonly ServiceProvider _services;

    public PollerRig(bool drivers = true, Func<NodeConfig, NodeConfig>? configure = null)
    {
        var defaults = NodeConfigLoader.Defaults(new NodeConfigLoaderOptions { Environment = _ => "/home/test" });
        Config = (configure ?? (c => c))(defaults);
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(Logs));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Config);
        if (drivers)
        {
            services.AddSingleton<IAppJail>(AppJail);
            services.AddSingleton<IDirector>(Director);
            services.AddSingleton<IRctl>(Rctl);
        }
        services.AddJailPolling(Config);
        _services = services.BuildServiceProvider();
        Cache = _services.GetRequiredService<JailHostCache>();
        Pollers = _services.GetRequiredService<JailPollers>();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public FakeAppJail AppJail { get; } = new();

    public FakeDirector Director { get; } = new();

    public FakeRctl Rctl => _rctl ??= new FakeRctl(AppJail);

    private FakeRctl? _rctl;

    public NodeConfig Config { get; }

    public JailHostCache Cache { get; }

    public JailPollers Pollers { get; }

    public RecordingLoggerProvider Logs { get; } = new();

    public Task<PollCycleMetrics> PollAsync(string poller) => Pollers[poller].PollOnceAsync(TestContext.Current.CancellationToken);

    public void Dispose() => _services.Dispose();
}

/// <summary>Keeps every log line with its level and event id.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly List<(LogLevel Level, int EventId, string Message)> _lines = [];

    public IReadOnlyList<(LogLevel Level, int EventId, string Message)> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public int Count(int eventId) => Lines.Count(l => l.EventId == eventId);

    public ILogger CreateLogger(string categoryName) => new Recorder(this);

    public void Dispose()
    {
    }

    private sealed class Recorder(RecordingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._lines)
            {
                owner._lines.Add((logLevel, eventId.Id, formatter(state, exception)));
            }
        }
    }
}
