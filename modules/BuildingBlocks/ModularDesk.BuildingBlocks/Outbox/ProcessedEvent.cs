namespace ModularDesk.BuildingBlocks.Outbox;

/// <summary>Marks that one handler of the receiving module has applied one event.</summary>
public sealed class ProcessedEvent
{
    public Guid EventId { get; private set; }

    public string Handler { get; private set; } = "";

    public DateTimeOffset ProcessedAt { get; private set; }
}
