using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.BuildingBlocks.Persistence;

namespace ModularDesk.BuildingBlocks.Outbox;

/// <summary>
/// Applies an event exactly once to the receiving module's data: the "processed" mark and the
/// handler's changes commit in one transaction, so a redelivery after a crash finds the mark and
/// does nothing, and a crash before the commit leaves neither.
/// </summary>
public abstract class IdempotentEventHandler<TEvent, TContext>(TContext context) : IIntegrationEventHandler<TEvent>
    where TEvent : IIntegrationEvent
    where TContext : ModuleDbContext
{
    protected TContext Context { get; } = context;

    /// <summary>Stable across releases: renaming it would make old events look unhandled.</summary>
    protected virtual string HandlerName => GetType().FullName!;

    public async Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken)
    {
        await using var transaction = await Context.Database.BeginTransactionAsync(cancellationToken);
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

    /// <summary>Change <see cref="Context"/> (and publish follow-up events); saving is done for you.</summary>
    protected abstract Task ApplyAsync(TEvent integrationEvent, CancellationToken cancellationToken);
}
