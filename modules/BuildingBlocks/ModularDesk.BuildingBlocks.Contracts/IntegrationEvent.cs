namespace ModularDesk.BuildingBlocks.Contracts;

/// <summary>Base record for integration events: a fresh id and the time it happened.</summary>
public abstract record IntegrationEvent : IIntegrationEvent
{
    public Guid EventId { get; init; } = Guid.CreateVersion7();

    public DateTimeOffset OccurredAt { get; init; } = DateTimeOffset.UtcNow;
}
