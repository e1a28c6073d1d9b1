using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ModularDesk.History.EventLog;
using ModularDesk.History.Persistence;
using ModularDesk.History.Projection;
using static ModularDesk.History.Persistence.HistorySql;

namespace ModularDesk.History.Rebuild;

/// <summary>
/// Rebuilds every History read model from <c>history.event_log</c>: in one transaction that holds the rebuild lock
/// exclusively, the models are emptied and the log is replayed in the order the handlers first applied it, through
/// the same projector. Events arriving meanwhile wait for the lock and are applied on top. A failure rolls back to
/// the models as they were.
/// </summary>
internal sealed partial class HistoryRebuild(
    HistoryDbContext db, HistorySql sql, HistoryProjector projector, TimeProvider clock, ILogger<HistoryRebuild> logger)
{
    private const int BatchSize = 1000;

    [Queue("bulk")]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await db.RebuildRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || run.Status is "succeeded")
        {
            return;
        }

        run.Status = "running";
        run.StartedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            run.EventsReplayed = await ReplayAsync(cancellationToken);
            run.Status = "succeeded";
            run.Error = null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogRebuildFailed(ex, runId);
            db.ChangeTracker.Clear();
            run = await db.RebuildRuns.SingleAsync(r => r.Id == runId, cancellationToken);
            run.Status = "failed";
            run.Error = ex.Message;
        }

        run.FinishedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Empties the read models and replays the log; returns how many events were applied.</summary>
    public async Task<long> ReplayAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await RebuildLock.EnterExclusiveAsync(sql, cancellationToken);
        await sql.ExecuteAsync(
            """
            TRUNCATE history.timeline_entries, history.card_changes, history.outbound_messages, history.names,
                     history.tickets, history.merges, history.merge_moves
            """, cancellationToken);
        long replayed = 0;
        long after = 0;
        while (true)
        {
            var batch = await sql.QueryAsync(
                "SELECT sequence, event_type, payload::text FROM history.event_log WHERE sequence > $1 ORDER BY sequence LIMIT $2",
                r => (Sequence: r.GetInt64(0), Type: r.GetString(1), Payload: r.GetString(2)), cancellationToken, P(after), P(BatchSize));
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var row in batch)
            {
                if (EventLogWriter.Read(row.Type, row.Payload) is { } integrationEvent)
                {
                    await projector.ApplyAsync(integrationEvent, cancellationToken);
                    replayed++;
                }
            }

            after = batch[^1].Sequence;
        }

        await transaction.CommitAsync(cancellationToken);
        return replayed;
    }

    [LoggerMessage(LogLevel.Error, "Rebuilding History's read models failed (run {RunId}); they are as they were")]
    private partial void LogRebuildFailed(Exception exception, Guid runId);
}
