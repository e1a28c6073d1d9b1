using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Tickets.Contracts.Events;

/// <summary>A ticket's status changed (<c>new</c>, <c>open</c>, <c>pending</c>, <c>resolved</c>, <c>closed</c>, <c>spam</c>).</summary>
public sealed record TicketStatusChanged(
    Guid TicketId, long TicketNumber, Guid ClientId, string FromStatus, string ToStatus, ChangeActor Actor) : IntegrationEvent;
