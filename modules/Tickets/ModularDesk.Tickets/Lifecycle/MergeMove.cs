namespace ModularDesk.Tickets.Lifecycle;

/// <summary>A ticket a client merge moved to the survivor, remembered so an undo can move it back.</summary>
internal sealed class MergeMove
{
    public Guid MergeId { get; set; }

    public Guid TicketId { get; set; }

    public Guid FromClientId { get; set; }

    public DateTimeOffset MovedAt { get; set; }
}
