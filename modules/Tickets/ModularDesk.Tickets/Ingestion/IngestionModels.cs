using ModularDesk.Channels.Contracts.Inbox;
using ModularDesk.Clients.Contracts.Resolution;
using ModularDesk.Tickets.Tickets;

namespace ModularDesk.Tickets.Ingestion;

/// <summary>An inbox message with its resolved sender, sanitized HTML and stored attachments, ready to be written.</summary>
internal sealed record PreparedMessage(
    ClaimedInboxMessage Inbox, ResolvedSender Sender, string? Html, IReadOnlyList<PreparedAttachment> Attachments);

internal sealed record PreparedAttachment(Guid Id, string Name, string ContentType, string StorageKey, long Size);

/// <summary>An inbox message that is now part of a ticket (written now or earlier).</summary>
internal sealed record IngestedMessage(Guid InboxId, Guid TicketId, Guid ClientId);

/// <summary>What one write did: the messages it filed and how many new tickets wait in the routing queue.</summary>
internal sealed record IngestionWriteResult(IReadOnlyList<IngestedMessage> Ingested, int RoutingQueued);

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

    // ---- a new ticket's routing, decided in the batch's transaction -----------------------------------------

    /// <summary>A new ticket: the text (or HTML) of the message that opened it, for routing conditions.</summary>
    public string? FirstText { get; init; }

    public Guid? AssigneeAgentId { get; set; }

    public Guid? TeamId { get; set; }

    public string Priority { get; set; } = TicketPriorities.Normal;

    public List<string> Tags { get; } = [];

    /// <summary>The rules that fired (the ticket's <c>fired_rules</c> JSON).</summary>
    public string FiredRules { get; set; } = "[]";

    /// <summary>Set when routing changed the new ticket's status: the status it was created with.</summary>
    public string? RoutedFrom { get; set; }

    /// <summary>A new ticket that routing could not decide in the batch: it gets a <c>routing_queue</c> row.</summary>
    public bool QueueForRouting { get; set; }
}
