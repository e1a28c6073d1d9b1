namespace ModularDesk.History.Tickets;

/// <summary>
/// What History knows of a ticket from its events (number, subject, channel, rating), so entries that do not carry
/// them (status changes, ratings) can still show them. Any field may be unknown while events arrive out of order.
/// </summary>
internal sealed class TicketFacts
{
    public Guid Id { get; set; }

    public long? Number { get; set; }

    public string? Subject { get; set; }

    public Guid? ChannelId { get; set; }

    public string? ChannelType { get; set; }

    public Guid? OrganizationId { get; set; }

    public string? Rating { get; set; }

    public DateTimeOffset? RatedAt { get; set; }
}
