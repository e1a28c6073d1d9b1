namespace ModularDesk.Tickets.Routing;

/// <summary>A ticket waiting for routing, written with the ticket; deleted when the decision is applied.</summary>
internal sealed class RoutingRequest
{
    public Guid TicketId { get; set; }

    public DateTimeOffset EnqueuedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }
}
