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
        if (!RecordsProcessedEvents)
        {
            await ApplyAsync(integrationEvent, cancellationToken);
            await Context.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        var markSql = "INSERT INTO \"" + Context.Schema + "\".processed_events (event_id, handler, processed_at) " +
                      "VALUES ({0}, {1}, now()) ON CONFLICT DO NOTHING";
        var marked = await Context.Database.ExecuteSqlRawAsync(
            markSql, [integrationEvent.EventId, HandlerName], cancellationToken);
        if (marked == 0)
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
        if (!RecordsProcessedEvents)
        {
            await ApplyManyAsync(integrationEvents.DistinctBy(e => e.EventId).ToList(), cancellationToken);
            await Context.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        var ids = integrationEvents.Select(e => e.EventId).Distinct().ToArray();
        var marked = new HashSet<Guid>(ids.Length);
        await using (var command = new NpgsqlCommand(
                         "INSERT INTO \"" + Context.Schema + "\".processed_events (event_id, handler, processed_at) " +
                         "SELECT id, @handler, now() FROM unnest(@ids) AS id ON CONFLICT DO NOTHING RETURNING event_id",
                         (NpgsqlConnection)Context.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction()))
        {
            command.Parameters.AddWithValue("handler", HandlerName);
            command.Parameters.AddWithValue("ids", ids);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                marked.Add(reader.GetGuid(0));
            }
        }

        if (marked.Count == 0)
        {
            return;
        }

        // In the given order, each event once (remove: a second copy of the same event in the run is not fresh).
        var fresh = integrationEvents.Where(e => marked.Remove(e.EventId)).ToList();
        await ApplyManyAsync(fresh, cancellationToken);
        await Context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
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
