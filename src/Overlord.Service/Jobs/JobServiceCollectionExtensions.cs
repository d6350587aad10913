using Microsoft.Extensions.DependencyInjection.Extensions;
using Overlord.Core.Config;
using Overlord.Service.Hosting;
using Overlord.Service.Jails.Polling;

namespace Overlord.Service.Jobs;

/// <summary>Registers the job store, its workers and the project status records they feed.</summary>
public static class JobServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="JobStore"/> (opened at <c>jobs.database</c> when first needed), <see cref="JobQueue"/>,
    /// <see cref="JobRunner"/>, <see cref="JobDispatcher"/>, <see cref="JobWorkerService"/> and
    /// <see cref="JobStatusSource"/> as the <see cref="IProjectStatusSource"/>. Call before the jail polling, whose
    /// placeholder source is a TryAdd.
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, NodeConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        services.TryAddSingleton(sp => Open(config, sp.GetService<TimeProvider>()));
        services.TryAddSingleton<JobQueue>();
        services.TryAddSingleton<FreePortFinder>();
        services.TryAddSingleton<JobRunner>();
        services.TryAddSingleton<JobDispatcher>();
        services.TryAddSingleton<JobWorkerService>();
        services.AddHostedService(sp => sp.GetRequiredService<JobWorkerService>());
        services.TryAddSingleton<IProjectStatusSource, JobStatusSource>();
        return services;
    }

    private static JobStore Open(NodeConfig config, TimeProvider? time)
    {
        try
        {
            return new JobStore(config.Jobs.Database, time);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            throw new NodeStartupException($"jobs.database: cannot open the job store '{config.Jobs.Database}': {e.Message}", e);
        }
    }
}
