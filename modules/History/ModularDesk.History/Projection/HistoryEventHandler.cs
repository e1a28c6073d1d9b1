using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.BuildingBlocks.Outbox;
using ModularDesk.History.EventLog;
using ModularDesk.History.Persistence;

namespace ModularDesk.History.Projection;

/// <summary>
/// The one handler History registers for each event it consumes: exactly once per event id (the base class's
/// processed mark), the event is appended to the event log and projected, all in one transaction. Takes runs: a run
/// of events of one type (as the outbox dispatcher claimed them) is logged with one statement and projected together
/// (set-based for the per-message events, see <see cref="HistoryProjector.ApplyManyAsync"/>), in one transaction.
/// </summary>
internal sealed class HistoryEventHandler<TEvent>(HistoryDbContext context, HistorySql sql, EventLogWriter log, HistoryProjector projector)
    : IdempotentEventHandler<TEvent, HistoryDbContext>(context), IBatchIntegrationEventHandler<TEvent>
    where TEvent : IIntegrationEvent
{
    /// <summary>Stable: the processed-event mark is keyed by it.</summary>
    protected override string HandlerName => "history:" + typeof(TEvent).Name;

    protected override async Task ApplyAsync(TEvent integrationEvent, CancellationToken cancellationToken)
    {
        await RebuildLock.EnterSharedAsync(sql, cancellationToken);
        if (await log.AppendAsync(integrationEvent, cancellationToken))
        {
            await projector.ApplyAsync(integrationEvent, cancellationToken);
            await log.ForgetIfAboutDeletedClientAsync(integrationEvent, cancellationToken);
        }
    }

    protected override async Task ApplyManyAsync(IReadOnlyList<TEvent> integrationEvents, CancellationToken cancellationToken)
    {
        await RebuildLock.EnterSharedAsync(sql, cancellationToken);
        var appended = await log.AppendManyAsync(integrationEvents.Cast<IIntegrationEvent>().ToList(), cancellationToken);
        if (appended.Count > 0)
        {
            await projector.ApplyManyAsync(appended, cancellationToken);
            await log.ForgetManyIfAboutDeletedClientAsync(appended, cancellationToken);
        }
    }
}
