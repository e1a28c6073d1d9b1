using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.BuildingBlocks.Persistence;
using Npgsql;

namespace ModularDesk.Tickets.Routing;

/// <summary>
/// Routes new tickets right after ingestion commits them: ingestion writes a <c>routing_queue</c> row in the ticket's
/// own transaction (so a crash never loses a routing) and wakes this loop. Requests are claimed as leases with
/// <c>FOR UPDATE SKIP LOCKED</c> (several hosts share them); a failure is retried with back-off.
/// </summary>
internal sealed partial class RoutingWorker(
    TicketRouting routing,
    RoutingSignal signal,
    NpgsqlDataSource dataSource,
    DatabaseReadiness readiness,
    ILogger<RoutingWorker> logger) : BackgroundService
{
    private const int BatchSize = 50;
    private const int MaxAttempts = 10;
    private static readonly ChangeActor Actor = new("system", null, "Routing");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!readiness.IsMigrated)
        {
            await Task.Delay(200, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var routed = 0;
            try
            {
                routed = await RouteDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogBatchFailed(ex);
            }

            if (routed == 0)
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    public async Task<int> RouteDueAsync(CancellationToken cancellationToken)
    {
        var claimed = new List<(Guid TicketId, int Attempts)>();
        await using (var command = dataSource.CreateCommand("""
            WITH due AS (
                SELECT ticket_id FROM tickets.routing_queue
                WHERE next_attempt_at <= now()
                ORDER BY next_attempt_at
                LIMIT @batch
                FOR UPDATE SKIP LOCKED)
            UPDATE tickets.routing_queue q
            SET next_attempt_at = now() + interval '2 minutes', attempts = q.attempts + 1
            FROM due WHERE q.ticket_id = due.ticket_id
            RETURNING q.ticket_id, q.attempts
            """))
        {
            command.Parameters.AddWithValue("batch", BatchSize);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add((reader.GetGuid(0), reader.GetInt32(1)));
            }
        }

        if (claimed.Count == 0)
        {
            return 0;
        }

        // The whole batch in one go; if its transaction fails (a ticket changed meanwhile), one by one.
        var failures = new Dictionary<Guid, Exception>();
        try
        {
            await routing.RouteManyAsync(claimed.Select(c => c.TicketId).ToList(), Actor, cancellationToken);
        }
        catch (RoutingUnavailableException unavailable)
        {
            foreach (var (ticketId, _) in claimed)
            {
                failures[ticketId] = unavailable;
            }
        }
        catch (Exception batchError) when (!cancellationToken.IsCancellationRequested)
        {
            LogBatchRoutingFailed(batchError, claimed.Count);
            foreach (var (ticketId, _) in claimed.OrderBy(c => c.TicketId))
            {
                try
                {
                    await routing.RouteAsync(ticketId, Actor, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    failures[ticketId] = ex;
                }
            }
        }

        foreach (var (ticketId, attempts) in claimed.Where(c => failures.ContainsKey(c.TicketId)))
        {
            var ex = failures[ticketId];
            var unavailable = ex is RoutingUnavailableException;
            if (!unavailable)
            {
                LogRoutingFailed(ex, ticketId, attempts);
            }

            await using var command = dataSource.CreateCommand(attempts >= MaxAttempts && !unavailable
                ? "DELETE FROM tickets.routing_queue WHERE ticket_id = @id"
                : "UPDATE tickets.routing_queue SET next_attempt_at = clock_timestamp() + @delay, last_error = @error WHERE ticket_id = @id");
            command.Parameters.AddWithValue("id", ticketId);
            command.Parameters.AddWithValue("delay", unavailable ? TimeSpan.FromMinutes(1) : TimeSpan.FromSeconds(Math.Min(600, Math.Pow(2, attempts))));
            command.Parameters.AddWithValue("error", ex.Message);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return claimed.Count;
    }

    [LoggerMessage(LogLevel.Error, "A routing batch failed")]
    private partial void LogBatchFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Routing a batch of {Count} tickets failed as a whole; routing them one by one")]
    private partial void LogBatchRoutingFailed(Exception exception, int count);

    [LoggerMessage(LogLevel.Warning, "Routing ticket {TicketId} failed (attempt {Attempt})")]
    private partial void LogRoutingFailed(Exception exception, Guid ticketId, int attempt);
}
