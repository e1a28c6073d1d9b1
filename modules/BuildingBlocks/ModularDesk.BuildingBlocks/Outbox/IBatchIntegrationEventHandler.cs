using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.BuildingBlocks.Outbox;

/// <summary>
/// A handler that can apply a run of consecutive events of one type (as the dispatcher claimed them) at once. The
/// dispatcher hands it each such run of a claimed batch, in claimed order; the handler applies all of them or none
/// (one transaction) and throws otherwise, and the dispatcher then hands it the run's events one at a time through
/// <see cref="IIntegrationEventHandler{TEvent}.HandleAsync"/>, so one failing event is retried alone.
/// <see cref="IdempotentEventHandler{TEvent, TContext}"/> implements it: a handler opts in by declaring this interface
/// (and overriding <c>ApplyManyAsync</c> when it can do better than applying the events one after another).
/// </summary>
public interface IBatchIntegrationEventHandler<TEvent> : IIntegrationEventHandler<TEvent>
    where TEvent : IIntegrationEvent
{
    /// <summary>Applies <paramref name="integrationEvents"/> (in this order) all at once, or throws having applied none.</summary>
    Task HandleManyAsync(IReadOnlyList<TEvent> integrationEvents, CancellationToken cancellationToken);
}
