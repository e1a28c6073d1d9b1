using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Tickets.Contracts.Events;

/// <summary>
/// The client rated a chat at its end (the widget's three faces, H5): <paramref name="Rating"/> is <c>good</c>,
/// <c>neutral</c> or <c>bad</c>. A later rating of the same chat replaces the earlier one.
/// </summary>
public sealed record ChatRated(Guid TicketId, Guid ClientId, string Rating, DateTimeOffset At) : IntegrationEvent;
