using Hangfire;
using ModularDesk.BuildingBlocks.Modules;

namespace ModularDesk.Tickets.Ingestion;

/// <summary>
/// Hangfire recurring job on the <c>ingestion</c> queue: drains whatever the hosts' loops left (a host whose loop is
/// stuck, retries coming due while every host is idle). One job per minute, never one per message.
/// </summary>
internal sealed class IngestionSweep(IngestionProcessor processor)
{
    public const string JobId = "tickets:ingestion-sweep";

    [Queue("ingestion")]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(50);
        while (DateTime.UtcNow < deadline && await processor.ProcessBatchAsync(cancellationToken) > 0)
        {
        }
    }
}

/// <summary>Registers <see cref="IngestionSweep"/> (idempotent across hosts).</summary>
internal sealed class IngestionSweepSchedule(IRecurringJobManager jobs) : IStartupTask
{
    public Task RunAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<IngestionSweep>(
            IngestionSweep.JobId, "ingestion", job => job.DrainAsync(CancellationToken.None), Cron.Minutely());
        return Task.CompletedTask;
    }
}
