namespace ModularDesk.History.Outbound;

/// <summary>One outgoing message in the outbound history (H4), with its latest delivery status.</summary>
internal sealed record OutboundView(
    Guid Id,
    DateTimeOffset At,
    Guid ChannelId,
    string? Channel,
    Guid? ClientId,
    string? ClientName,
    Guid? TicketId,
    Guid? TicketMessageId,
    string? Recipient,
    string? Excerpt,
    string? Sender,
    string Status,
    string? Reason,
    DateTimeOffset? StatusAt,
    bool Redacted);
