namespace ModularDesk.Channels.Inbound;

/// <summary>The answer of <c>GET /api/v1/inbound/{inboxId}</c>.</summary>
internal sealed record InboundStatusView(
    Guid InboxId,
    Guid ChannelId,
    string ExternalMessageId,
    string Status,
    Guid? TicketId,
    Guid? ClientId,
    string? Error,
    int Attempts,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? ProcessedAt);
