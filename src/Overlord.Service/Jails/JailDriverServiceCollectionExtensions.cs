using Microsoft.Extensions.DependencyInjection.Extensions;
using Overlord.Core.Config;
using Overlord.Service.Jails.Tools;

namespace Overlord.Service.Jails;

/// <summary>Registers the real jail drivers.</summary>
public static class JailDriverServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IToolRunner"/>, <see cref="IAppJail"/>, <see cref="IDirector"/> and <see cref="IRctl"/> as
    /// singletons over the tools named in <paramref name="config"/>. TryAdd: fakes or emulators registered first win.
    /// </summary>
    public static IServiceCollection AddJailDrivers(this IServiceCollection services, NodeConfig config)
    {
        services.TryAddSingleton<IToolRunner>(sp => new ToolRunner(TimeSpan.FromSeconds(config.Tools.KillGrace), sp.GetRequiredService<ILogger<ToolRunner>>()));
        services.TryAddSingleton<IAppJail>(sp => new AppJailDriver(config, sp.GetRequiredService<IToolRunner>(), sp.GetRequiredService<ILogger<AppJailDriver>>()));
        services.TryAddSingleton<IDirector>(sp => new DirectorDriver(config, sp.GetRequiredService<IToolRunner>()));
        services.TryAddSingleton<IRctl>(sp => new RctlDriver(config, sp.GetRequiredService<IToolRunner>()));
        return services;
    }
}
