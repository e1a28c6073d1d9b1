using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.BuildingBlocks.Persistence;
using Npgsql;

namespace ModularDesk.BuildingBlocks.Outbox;

/// <summary>
/// Applies an event exactly once to the receiving module's data: the "processed" mark and the
/// handler's changes commit in one transaction, so a redelivery after a crash finds the mark and
/// does nothing, and a crash before the commit leaves neither.
/// </summary>
/// <remarks>
/// A derived handler that also declares <see cref="IBatchIntegrationEventHandler{TEvent}"/> gets runs of events through
/// <see cref="HandleManyAsync"/>: one transaction, the marks of the whole run in one statement, and only the newly
/// marked events passed to <see cref="ApplyManyAsync"/>. Opt in only if <see cref="ApplyAsync"/> does not rely on an
/// earlier event's changes being saved (the default <see cref="ApplyManyAsync"/> calls it per event and saves once).
/// </remarks>
public abstract class IdempotentEventHandler<TEvent, TContext>(TContext context) : IIntegrationEventHandler<TEvent>
    where TEvent : IIntegrationEvent
    where TContext : ModuleDbContext
{
    protected TContext Context { get; } = context;

    /// <summary>Stable across releases: renaming it would make old events look unhandled.</summary>
    protected virtual string HandlerName => GetType().FullName!;

    /// <summary>
    /// False for a handler whose own writes already tell a redelivered event from a new one (it inserts the event's id
    /// under a unique key in the same transaction and skips events already there): then no processed mark is written
    /// (one row and index entry less per event) and every event reaches <see cref="ApplyAsync"/> /
    /// <see cref="ApplyManyAsync"/>, which must skip those applied before.
    /// </summary>
    protected virtual bool RecordsProcessedEvents => true;

    public async Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken)
    {
        await using var transaction = await Context.Database.BeginTransactionAsync(cancellationToken);
        if (RecordsProcessedEvents && await MarkAsync(integrationEvent.EventId, cancellationToken) == 0)
        {
            return;
        }

        await ApplyAsync(integrationEvent, cancellationToken);
        await Context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Applies a run of events in one transaction: marks them all with one statement and applies, in the given order,
    /// only those not marked before (a redelivered run applies nothing twice). Throws having applied none.
    /// </summary>
    public async Task HandleManyAsync(IReadOnlyList<TEvent> integrationEvents, CancellationToken cancellationToken)
    {
        await using var transaction = await Context.Database.BeginTransactionAsync(cancellationToken);
        var fresh = RecordsProcessedEvents
            ? await MarkManyAsync(integrationEvents, (NpgsqlTransaction)transaction.GetDbTransaction(), cancellationToken)
            : integrationEvents.DistinctBy(e => e.EventId).ToList();
        if (fresh.Count == 0)
        {
            return;
        }

        await ApplyManyAsync(fresh, cancellationToken);
        await Context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Writes the event's processed mark; 0 when it was there already.</summary>
    private Task<int> MarkAsync(Guid eventId, CancellationToken cancellationToken)
    {
        var markSql = "INSERT INTO \"" + Context.Schema + "\".processed_events (event_id, handler, processed_at) " +
                      "VALUES ({0}, {1}, now()) ON CONFLICT DO NOTHING";
        return Context.Database.ExecuteSqlRawAsync(markSql, [eventId, HandlerName], cancellationToken);
    }

    /// <summary>Marks the run's events with one statement; returns those not marked before, in the given order, each once.</summary>
    private async Task<List<TEvent>> MarkManyAsync(
        IReadOnlyList<TEvent> integrationEvents, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var marked = new HashSet<Guid>(integrationEvents.Count);
        await using (var command = new NpgsqlCommand(
                         "INSERT INTO \"" + Context.Schema + "\".processed_events (event_id, handler, processed_at) " +
                         "SELECT id, @handler, now() FROM unnest(@ids) AS id ON CONFLICT DO NOTHING RETURNING event_id",
                         transaction.Connection, transaction))
        {
            command.Parameters.AddWithValue("handler", HandlerName);
            command.Parameters.AddWithValue("ids", integrationEvents.Select(e => e.EventId).Distinct().ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                marked.Add(reader.GetGuid(0));
            }
        }

        // Remove: a second copy of the same event in the run is not fresh.
        return integrationEvents.Where(e => marked.Remove(e.EventId)).ToList();
    }

    /// <summary>Change <see cref="Context"/> (and publish follow-up events); saving is done for you.</summary>
    protected abstract Task ApplyAsync(TEvent integrationEvent, CancellationToken cancellationToken);

    /// <summary>
    /// Applies a run of events not applied before, in order, inside the run's transaction; saving is done for you.
    /// By default one <see cref="ApplyAsync"/> after another.
    /// </summary>
    protected virtual async Task ApplyManyAsync(IReadOnlyList<TEvent> integrationEvents, CancellationToken cancellationToken)
    {
        foreach (var integrationEvent in integrationEvents)
        {
            await ApplyAsync(integrationEvent, cancellationToken);
        }
    }
}
