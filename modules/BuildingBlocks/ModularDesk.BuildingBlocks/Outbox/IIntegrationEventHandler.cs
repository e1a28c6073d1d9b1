using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.BuildingBlocks.Outbox;

/// <summary>
/// Reacts to an integration event. Called at least once per event: derive from
/// <see cref="IdempotentEventHandler{TEvent, TContext}"/> unless the handler is naturally idempotent.
/// </summary>
public interface IIntegrationEventHandler<in TEvent>
    where TEvent : IIntegrationEvent
{
    Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken);
}
