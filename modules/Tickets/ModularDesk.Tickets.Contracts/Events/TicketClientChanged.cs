using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Tickets.Contracts.Events;

/// <summary>An agent moved a ticket to another client (T5); read models move its entries with it.</summary>
public sealed record TicketClientChanged(Guid TicketId, Guid FromClientId, Guid ToClientId, ChangeActor Actor) : IntegrationEvent;
