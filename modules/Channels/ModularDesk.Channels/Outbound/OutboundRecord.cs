namespace ModularDesk.Channels.Outbound;

/// <summary>
/// A message queued for sending through a channel's connector, and what became of it. <see cref="Id"/> is the
/// idempotency key the connector sees; <see cref="Seq"/> keeps the order of messages to one recipient.
/// </summary>
internal sealed class OutboundRecord
{
    public Guid Id { get; set; }

    /// <summary>Insertion order (identity): messages to one recipient on one channel are sent in this order.</summary>
    public long Seq { get; set; }

    public Guid ChannelId { get; set; }

    /// <summary>The channel's plugin id when queued (<c>email</c>, <c>whatsapp</c>, …).</summary>
    public string ChannelType { get; set; } = "";

    public Guid? ClientId { get; set; }

    public Guid? TicketId { get; set; }

    public Guid? TicketMessageId { get; set; }

    public string RecipientKind { get; set; } = "";

    public string RecipientValue { get; set; } = "";

    public string? RecipientMessenger { get; set; }

    /// <summary>The normalized address (<see cref="ContactKey"/>), for ordering and the unreachable marks.</summary>
    public string RecipientKey { get; set; } = "";

    /// <summary>The whole <c>OutboundRequest</c> as <c>jsonb</c>.</summary>
    public string Payload { get; set; } = "{}";

    /// <summary><c>queued</c>, <c>sent</c>, <c>delivered</c>, <c>read</c> or <c>failed</c>.</summary>
    public string Status { get; set; } = OutboundStatuses.Queued;

    public int Attempts { get; set; }

    /// <summary>When a queued message is next due (queued time, a retry's back-off, or a claim's lease).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Why the last attempt did not send (kept while retrying) or why it failed for good.</summary>
    public string? Error { get; set; }

    /// <summary>The service's id of the sent message; unique per channel (delivery reports find the message by it).</summary>
    public string? ExternalMessageId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public DateTimeOffset? ReadAt { get; set; }

    public DateTimeOffset? FailedAt { get; set; }

    public DateTimeOffset StatusChangedAt { get; set; }
}
