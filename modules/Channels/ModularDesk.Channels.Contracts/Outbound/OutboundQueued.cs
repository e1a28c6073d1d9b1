using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Channels.Contracts.Outbound;

/// <summary>A message was queued for sending (the outbound history, H4).</summary>
public sealed record OutboundQueued(
    Guid OutboundId, Guid ChannelId, string ChannelType, Guid? ClientId, Guid? TicketId, Guid? TicketMessageId,
    string RecipientValue, string Excerpt, string? SenderDisplayName, DateTimeOffset At) : IntegrationEvent;
