namespace ModularDesk.Channels.Inbox;

/// <summary>
/// A received message, stored before anything else happens to it. Unique per channel and external message
/// id, so a connector or integration re-sending it changes nothing.
/// </summary>
internal sealed class InboxMessage
{
    public Guid Id { get; set; }

    public Guid ChannelId { get; set; }

    public string ExternalMessageId { get; set; } = "";

    /// <summary>The whole message (<c>InboundMessageData</c>, attachments as base64) as <c>jsonb</c>.</summary>
    public string Payload { get; set; } = "{}";

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary><c>pending</c>, <c>processed</c> or <c>failed</c>.</summary>
    public string Status { get; set; } = InboxStatuses.Pending;

    public int Attempts { get; set; }

    public string? Error { get; set; }

    public Guid? TicketId { get; set; }

    public Guid? ClientId { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }

    /// <summary>When a pending message is next due (received time, or after a failed attempt or a claim's lease).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }
}
