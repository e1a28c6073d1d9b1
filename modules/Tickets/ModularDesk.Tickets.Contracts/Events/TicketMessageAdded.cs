using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Tickets.Contracts.Events;

/// <summary>
/// A message joined a ticket: <paramref name="Direction"/> <c>in</c> (from the client), <c>out</c> (a reply) or
/// <c>internal</c> (a note). Names are as they were when it was written ("Anna Silva wrote to Jan Kowalski");
/// <paramref name="Excerpt"/> is plain text, at most 300 characters.
/// </summary>
public sealed record TicketMessageAdded(
    Guid MessageId, Guid TicketId, long TicketNumber, string Subject, Guid ClientId, Guid? OrganizationId,
    Guid ChannelId, string ChannelType, string Direction, string AuthorName, string RecipientName, string Excerpt,
    DateTimeOffset At) : IntegrationEvent
{
    /// <summary>
    /// The agent who wrote it when <c>Direction</c> is <c>out</c> or <c>internal</c> (null for the client's
    /// own messages and for automatic ones), so read models can show the agent's current name.
    /// </summary>
    public Guid? AuthorAgentId { get; init; }
}
