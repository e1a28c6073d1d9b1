using ModularDesk.BuildingBlocks.Outbox;
using ModularDesk.Channels.Contracts.Inbox;

namespace ModularDesk.Tickets.Ingestion;

/// <summary>
/// Only a wake-up: the inbox row is the source of truth and the worker claims it in batches, so this handler does
/// no database work and is naturally idempotent (a redelivered event wakes a worker that finds nothing new). A run of
/// these events is one wake-up (the dispatcher would otherwise open a lifetime scope per event).
/// </summary>
internal sealed class InboundMessageReceivedHandler(IngestionSignal signal) : IBatchIntegrationEventHandler<InboundMessageReceived>
{
    public Task HandleAsync(InboundMessageReceived integrationEvent, CancellationToken cancellationToken)
    {
        signal.Wake();
        return Task.CompletedTask;
    }

    public Task HandleManyAsync(IReadOnlyList<InboundMessageReceived> integrationEvents, CancellationToken cancellationToken)
    {
        signal.Wake();
        return Task.CompletedTask;
    }
}
