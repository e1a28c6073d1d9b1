using ModularDesk.Channels.Contracts.Inbox;
using ModularDesk.Clients.Contracts.Resolution;

namespace ModularDesk.Tickets.Ingestion;

/// <summary>An inbox message with its resolved sender, sanitized HTML and stored attachments, ready to be written.</summary>
internal sealed record PreparedMessage(
    ClaimedInboxMessage Inbox, ResolvedSender Sender, string? Html, IReadOnlyList<PreparedAttachment> Attachments);

internal sealed record PreparedAttachment(Guid Id, string Name, string ContentType, string StorageKey, long Size);

/// <summary>An inbox message that is now part of a ticket (written now or earlier).</summary>
internal sealed record IngestedMessage(Guid InboxId, Guid TicketId, Guid ClientId);

/// <summary>What one write did: the messages it filed and whether it created tickets to route.</summary>
internal sealed record IngestionWriteResult(IReadOnlyList<IngestedMessage> Ingested, int TicketsCreated);

/// <summary>A ticket as threading sees it during one batch (loaded, or created by an earlier message of the batch).</summary>
internal sealed class ThreadTicket
{
    public Guid Id { get; init; }

    public long Number { get; set; }

    public string Subject { get; init; } = "";

    public Guid ClientId { get; init; }

    public Guid? OrganizationId { get; init; }

    public Guid ChannelId { get; init; }

    public string ChannelType { get; init; } = "";

    public string Status { get; set; } = "";

    public DateTimeOffset? ResolvedAt { get; set; }

    public bool IsVip { get; set; }

    public string? Language { get; init; }

    public string? ConversationKey { get; init; }

    public bool IsNew { get; init; }

    /// <summary>An existing ticket this batch changed (new message, reopen, VIP).</summary>
    public bool Touched { get; set; }

    /// <summary>Set when this batch reopened it: the status it had.</summary>
    public string? ReopenedFrom { get; set; }
}
