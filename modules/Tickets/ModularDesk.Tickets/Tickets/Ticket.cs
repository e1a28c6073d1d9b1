namespace ModularDesk.Tickets.Tickets;

/// <summary>A ticket (T1): a thread of messages with one client, on the channel it came from.</summary>
internal sealed class Ticket
{
    public Guid Id { get; set; }

    /// <summary>The human number, from the <c>tickets.ticket_numbers</c> sequence.</summary>
    public long Number { get; set; }

    public string Subject { get; set; } = "";

    public string Status { get; set; } = TicketStatuses.New;

    public string Priority { get; set; } = TicketPriorities.Normal;

    public Guid ChannelId { get; set; }

    /// <summary>The channel's plugin id (<c>email</c>, <c>telegram</c>, <c>api</c>, …).</summary>
    public string ChannelType { get; set; } = "";

    public Guid ClientId { get; set; }

    public Guid? OrganizationId { get; set; }

    public Guid? AssigneeAgentId { get; set; }

    public Guid? TeamId { get; set; }

    public List<string> Tags { get; set; } = [];

    public bool IsVip { get; set; }

    public string? Language { get; set; }

    /// <summary>Messenger threading key: channel id + conversation id (or the sender when there is none).</summary>
    public string? ConversationKey { get; set; }

    /// <summary>Which of the client's emails replies go to (T5); null = the address the client wrote from.</summary>
    public string? ReplyEmail { get; set; }

    /// <summary>Routing rules that fired, as a JSON array of <c>{ ruleId, name, at }</c>.</summary>
    public string FiredRules { get; set; } = "[]";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset LastMessageAt { get; set; }

    /// <summary>When it was last resolved or closed (for reopen-within-N-days); null while open.</summary>
    public DateTimeOffset? ResolvedAt { get; set; }

    public uint Version { get; set; }
}
