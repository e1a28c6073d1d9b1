using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Tickets.Contracts.Events;

/// <summary>A ticket was created (by ingestion or an agent).</summary>
public sealed record TicketCreated(
    Guid TicketId, long Number, string Subject, Guid ClientId, Guid? OrganizationId, Guid ChannelId, string ChannelType,
    string Status, bool IsVip, DateTimeOffset CreatedAt, ChangeActor Actor) : IntegrationEvent;
