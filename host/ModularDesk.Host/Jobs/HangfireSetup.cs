using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using ModularDesk.Host.Composition;

namespace ModularDesk.Host.Jobs;

internal static class HangfireSetup
{
    /// <summary>
    /// Hangfire on the host's database. Storage and job activator are this host's own singletons:
    /// Hangfire's defaults are process-wide statics (JobStorage.Current, JobActivator.Current), which
    /// mix up hosts that share a process (the test suite runs several at once).
    /// </summary>
    public static IServiceCollection AddModularDeskJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<JobStorage>(provider =>
        {
            var connectionString = HangfireConnectionString.For(provider.GetRequiredService<HostDatabase>().ConnectionString);
            var options = HangfireStorage.Options;
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
        });
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(global => global
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddHangfireServer(options =>
        {
            options.Queues = JobQueues.All;
            options.WorkerCount = configuration.GetValue("Jobs:WorkerCount", Math.Max(4, Environment.ProcessorCount * 2));
        });
        return services;
    }
}
