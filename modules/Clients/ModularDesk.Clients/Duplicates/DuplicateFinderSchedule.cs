using Hangfire;
using ModularDesk.BuildingBlocks.Modules;

namespace ModularDesk.Clients.Duplicates;

/// <summary>Registers <see cref="DuplicateFinder"/> as an hourly recurring job on the bulk queue (idempotent across hosts).</summary>
internal sealed class DuplicateFinderSchedule(IRecurringJobManager jobs) : IStartupTask
{
    public Task RunAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<DuplicateFinder>(DuplicateFinder.JobId, "bulk", job => job.FindAsync(CancellationToken.None), Cron.Hourly());
        return Task.CompletedTask;
    }
}
