using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Overlord.Core.Config;
using Overlord.Service.Jails.Polling.Kinds;

namespace Overlord.Service.Jails.Polling;

/// <summary>Registers the jail host cache and its pollers.</summary>
public static class JailPollingServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="JailHostCache"/>, <see cref="JailPollers"/> (each poller also a hosted service), and the
    /// <see cref="IProjectStatusSource"/> placeholder. The drivers are not required: pollers resolve them when they run
    /// and stay idle without them.
    /// </summary>
    public static IServiceCollection AddJailPolling(this IServiceCollection services, NodeConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<JailHostCache>();
        services.TryAddSingleton<JailDrivers>();
        services.TryAddSingleton<IProjectStatusSource, NoProjectStatus>();
        services.AddOptions<JailPollingOptions>();

        Func<IServiceProvider, IPollKind>[] kinds =
        [
            sp => new JailListPoll(sp.GetRequiredService<JailHostCache>(), config),
            sp => new ProjectListPoll(sp.GetRequiredService<JailHostCache>(), config),
            sp => new JailInfoPoll(sp.GetRequiredService<JailHostCache>(), config),
            sp => new JailStatsPoll(sp.GetRequiredService<JailHostCache>(), config, sp.GetRequiredService<TimeProvider>()),
            sp => new JailExtrasPoll(sp.GetRequiredService<JailHostCache>(), config),
            sp => new ProjectInfoPoll(sp.GetRequiredService<JailHostCache>(), config),
        ];
        services.TryAddSingleton(sp => new JailPollers([.. kinds.Select(kind => new Poller(
            kind(sp),
            sp.GetRequiredService<JailHostCache>(),
            sp.GetRequiredService<JailDrivers>(),
            config,
            sp.GetRequiredService<IOptions<JailPollingOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Poller>>()))]));
        for (var i = 0; i < kinds.Length; i++)
        {
            var index = i;
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<JailPollers>().All[index]);
        }
        return services;
    }
}
