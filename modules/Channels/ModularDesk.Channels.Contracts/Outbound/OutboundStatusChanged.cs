using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Channels.Contracts.Outbound;

/// <summary>An outbound message moved to <paramref name="Status"/>: <c>sent</c>, <c>delivered</c>, <c>read</c> or <c>failed</c> (with <paramref name="Reason"/>).</summary>
public sealed record OutboundStatusChanged(
    Guid OutboundId, Guid ChannelId, Guid? ClientId, Guid? TicketId, Guid? TicketMessageId, string Status, string? Reason,
    DateTimeOffset At) : IntegrationEvent;
