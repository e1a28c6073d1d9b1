using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.BuildingBlocks.Outbox;
using ModularDesk.History.EventLog;
using ModularDesk.History.Persistence;

namespace ModularDesk.History.Projection;

/// <summary>
/// The one handler History registers for each event it consumes: exactly once per event id, the event is appended to
/// the event log and projected, all in one transaction. The event log is the processed mark (its event id is unique and
/// only events the append inserted are projected), so the base class writes none. An event about a deleted client is
/// dropped from the log after projecting nothing; delivered again, it is again projected as nothing. Takes runs: a run
/// of events of one type (as the outbox dispatcher claimed them) is logged with one statement and projected together
/// (set-based for the per-message events, see <see cref="HistoryProjector.ApplyManyAsync"/>), in one transaction.
/// </summary>
internal sealed class HistoryEventHandler<TEvent>(HistoryDbContext context, HistorySql sql, EventLogWriter log, HistoryProjector projector)
    : IdempotentEventHandler<TEvent, HistoryDbContext>(context), IBatchIntegrationEventHandler<TEvent>
    where TEvent : IIntegrationEvent
{
    /// <summary>Stable: processed-event marks written before the event log became the mark are keyed by it.</summary>
    protected override string HandlerName => "history:" + typeof(TEvent).Name;

    protected override bool RecordsProcessedEvents => false;

    protected override async Task ApplyAsync(TEvent integrationEvent, CancellationToken cancellationToken)
    {
        await RebuildLock.EnterForProjectionAsync(sql, cancellationToken);
        if (await log.AppendAsync(integrationEvent, cancellationToken))
        {
            await projector.ApplyAsync(integrationEvent, cancellationToken);
            await log.ForgetIfAboutDeletedClientAsync(integrationEvent, cancellationToken);
        }
    }

    protected override async Task ApplyManyAsync(IReadOnlyList<TEvent> integrationEvents, CancellationToken cancellationToken)
    {
        await RebuildLock.EnterForProjectionAsync(sql, cancellationToken);
        var appended = await log.AppendManyAsync(integrationEvents.Cast<IIntegrationEvent>().ToList(), cancellationToken);
        if (appended.Count > 0)
        {
            await projector.ApplyManyAsync(appended, cancellationToken);
            await log.ForgetManyIfAboutDeletedClientAsync(appended, cancellationToken);
        }
    }
}
