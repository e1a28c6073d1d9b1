namespace ModularDesk.Tickets.Messages;

/// <summary>One message of a ticket: from the client (<c>in</c>), a reply (<c>out</c>) or an internal note.</summary>
internal sealed class TicketMessage
{
    public Guid Id { get; set; }

    public Guid TicketId { get; set; }

    /// <summary>The client the message belongs to (deleted with it, moved on merges).</summary>
    public Guid ClientId { get; set; }

    /// <summary><c>in</c>, <c>out</c> or <c>internal</c>.</summary>
    public string Direction { get; set; } = MessageDirections.In;

    public string AuthorName { get; set; } = "";

    public Guid? AuthorAgentId { get; set; }

    /// <summary>Inbound: the sender's identity as received (<c>email</c>, <c>phone</c>, <c>messenger</c>, …).</summary>
    public string? SenderKind { get; set; }

    public string? SenderValue { get; set; }

    /// <summary>The messenger (for <c>messenger</c>) or source (for <c>externalId</c>).</summary>
    public string? SenderScope { get; set; }

    public string? Text { get; set; }

    /// <summary>Sanitized HTML.</summary>
    public string? Html { get; set; }

    public Guid ChannelId { get; set; }

    /// <summary>The channel's id of this message (email Message-ID, Telegram message id).</summary>
    public string? ExternalMessageId { get; set; }

    public Guid? InboxId { get; set; }

    public DateTimeOffset SentAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? EditedAt { get; set; }

    public Guid? OutboundId { get; set; }

    /// <summary>Replies: <c>queued</c>, <c>sent</c>, <c>delivered</c>, <c>read</c> or <c>failed</c>.</summary>
    public string? DeliveryStatus { get; set; }

    public string? DeliveryReason { get; set; }

    public DateTimeOffset? DeliveryUpdatedAt { get; set; }

    public List<MessageAttachment> Attachments { get; set; } = [];
}

internal static class MessageDirections
{
    public const string In = "in";
    public const string Out = "out";
    public const string Internal = "internal";
}

/// <summary>Delivery statuses of replies, in the order they can only move forward (failed ends it).</summary>
internal static class DeliveryStatuses
{
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Read = "read";
    public const string Failed = "failed";

    public static int Rank(string? status) => status switch
    {
        Queued => 1,
        Sent => 2,
        Delivered => 3,
        Read => 4,
        Failed => 5,
        _ => 0,
    };
}
