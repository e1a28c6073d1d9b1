namespace ModularDesk.BuildingBlocks.Contracts;

/// <summary>
/// A fact one module publishes for others. Delivered at least once through the publisher's
/// outbox, so handlers must be idempotent: <see cref="EventId"/> is the deduplication key.
/// </summary>
public interface IIntegrationEvent
{
    Guid EventId { get; }

    DateTimeOffset OccurredAt { get; }
}
