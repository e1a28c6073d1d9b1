namespace ModularDesk.History.Outbound;

/// <summary>One message sent to a client through a channel (H4): replies and card messages, with their delivery status.</summary>
internal sealed class OutboundRecord
{
    public Guid Id { get; set; }

    /// <summary>False while only a status is known (statuses may arrive before the queued event).</summary>
    public bool Queued { get; set; }

    public Guid ChannelId { get; set; }

    public string? ChannelType { get; set; }

    public Guid? ClientId { get; set; }

    public Guid? TicketId { get; set; }

    public Guid? TicketMessageId { get; set; }

    public string? Recipient { get; set; }

    public string? Excerpt { get; set; }

    public string? SenderName { get; set; }

    public DateTimeOffset QueuedAt { get; set; }

    public string Status { get; set; } = "";

    public string? Reason { get; set; }

    public DateTimeOffset? StatusAt { get; set; }

    public bool Redacted { get; set; }
}
