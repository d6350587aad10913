using Microsoft.Extensions.DependencyInjection.Extensions;
using Overlord.Core.Config;

namespace Overlord.Service.Chains;

/// <summary>Registers smart timeouts, the forwarded-call policy and the chain heartbeat.</summary>
public static class ChainResilienceServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ChainHealth"/> (also as <see cref="IChainHealth"/>), <see cref="ChainCallPolicy"/> as
    /// <see cref="IChainCallPolicy"/>, <see cref="HttpChainPinger"/> as <see cref="IChainPinger"/> unless one is
    /// registered already, <see cref="HeartbeatService"/> (idle when <c>polling.heartbeat</c> is null) and
    /// <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is registered already.
    /// </summary>
    public static IServiceCollection AddChainResilience(this IServiceCollection services, NodeConfig config)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(config);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ChainHealth(
            config, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ChainHealth>>()));
        services.AddSingleton<IChainHealth>(sp => sp.GetRequiredService<ChainHealth>());
        services.AddSingleton<IChainCallPolicy>(sp => new ChainCallPolicy(
            config, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ChainCallPolicy>>()));
        services.TryAddSingleton(_ => new ChainClients(config));
        services.TryAddSingleton<IChainPinger>(sp => new HttpChainPinger(sp.GetRequiredService<ChainClients>(), sp.GetRequiredService<IChainCallPolicy>()));
        services.AddHostedService(sp => new HeartbeatService(
            config,
            sp.GetRequiredService<ChainHealth>(),
            sp.GetRequiredService<IChainPinger>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<HeartbeatService>>()));
        return services;
    }
}
