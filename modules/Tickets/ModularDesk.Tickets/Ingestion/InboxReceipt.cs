namespace ModularDesk.Tickets.Ingestion;

/// <summary>
/// The idempotency record of ingestion: one row per inbox message that became (or edited) a ticket message,
/// written in the same transaction. Its primary key makes re-processing after a crash a no-op.
/// </summary>
internal sealed class InboxReceipt
{
    public Guid InboxId { get; set; }

    public Guid TicketId { get; set; }

    public Guid ClientId { get; set; }

    public Guid MessageId { get; set; }

    public DateTimeOffset ProcessedAt { get; set; }
}
