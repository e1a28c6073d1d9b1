using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Fixtures.Tickets.Contracts;

/// <summary>Allowed: an integration event built on the shared kernel's contract part.</summary>
public sealed record TicketOpened(Guid TicketId) : IntegrationEvent;
