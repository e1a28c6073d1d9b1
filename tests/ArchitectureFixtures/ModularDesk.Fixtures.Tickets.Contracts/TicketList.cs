using ModularDesk.BuildingBlocks.Http;

namespace ModularDesk.Fixtures.Tickets.Contracts;

/// <summary>Violation: a contract built on the shared kernel's internals (its HTTP paging), not its contract part.</summary>
public sealed record TicketList(Page<TicketOpened> Tickets);
