using Hangfire;
using ModularDesk.BuildingBlocks.Modules;

namespace ModularDesk.Agents.Setup;

/// <summary>Registers <see cref="SignInHousekeeping"/> as an hourly recurring job (idempotent across hosts).</summary>
internal sealed class SignInHousekeepingSchedule(IRecurringJobManager jobs) : IStartupTask
{
    public Task RunAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<SignInHousekeeping>(SignInHousekeeping.JobId, job => job.PurgeAsync(CancellationToken.None), Cron.Hourly());
        return Task.CompletedTask;
    }
}
