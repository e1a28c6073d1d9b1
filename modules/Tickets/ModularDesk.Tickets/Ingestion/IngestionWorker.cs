using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModularDesk.BuildingBlocks.Persistence;

namespace ModularDesk.Tickets.Ingestion;

/// <summary>
/// The ingestion loop of this host: drains the Channels inbox batch after batch while there is work, then sleeps
/// until <see cref="IngestionSignal"/> (an <c>InboundMessageReceived</c> event) or the idle poll. Every host runs one;
/// they share the backlog through the inbox's <c>FOR UPDATE SKIP LOCKED</c> claims. <see cref="IngestionSweep"/>
/// (a Hangfire recurring job) is the safety net should this loop be stuck.
/// </summary>
internal sealed partial class IngestionWorker(
    IngestionProcessor processor,
    IngestionSignal signal,
    DatabaseReadiness readiness,
    IngestionOptions options,
    ILogger<IngestionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!readiness.IsMigrated)
        {
            await Task.Delay(200, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            int claimed;
            try
            {
                claimed = await processor.ProcessBatchAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogBatchFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                continue;
            }

            if (claimed == 0)
            {
                await signal.WaitAsync(options.IdlePoll, stoppingToken);
            }
        }
    }

    [LoggerMessage(LogLevel.Error, "An ingestion batch failed; its messages come back when their lease ends")]
    private partial void LogBatchFailed(Exception exception);
}
