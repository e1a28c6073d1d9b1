namespace ModularDesk.History.Timeline;

/// <summary>
/// One thing that happened with a client (H1): a message, note, outbound card message, ticket creation, status change,
/// merge or unmerge. Keyed by what it is about (the message id, the outbound id, the ticket id, or an id derived from
/// the event), so the same event projected twice cannot make a second row.
/// </summary>
internal sealed class TimelineEntry
{
    public Guid Id { get; set; }

    /// <summary>The card the entry is shown on now (the survivor after a merge).</summary>
    public Guid ClientId { get; set; }

    /// <summary>The card it was written for (kept through merges; changed only when a ticket moves to another client).</summary>
    public Guid OriginalClientId { get; set; }

    /// <summary>The organization the client belonged to when it happened (H2).</summary>
    public Guid? OrganizationId { get; set; }

    /// <summary>
    /// The organization the card it is shown on (<see cref="ClientId"/>) belongs to now: an organization's timeline is
    /// what was filed under it plus everything of its current people (H2, like its ticket list).
    /// </summary>
    public Guid? MemberOrganizationId { get; set; }

    public DateTimeOffset At { get; set; }

    public string Kind { get; set; } = "";

    public Guid? ChannelId { get; set; }

    public string? ChannelType { get; set; }

    public Guid? TicketId { get; set; }

    public long? TicketNumber { get; set; }

    public string? Subject { get; set; }

    public string? Excerpt { get; set; }

    /// <summary><c>in</c>, <c>out</c>, <c>internal</c> or null for entries that are not messages.</summary>
    public string? Direction { get; set; }

    /// <summary>Who wrote it: <c>client</c> (the entry's card, named at read time), <c>agent</c> (<see cref="AgentId"/>) or <c>other</c>.</summary>
    public string? AuthorParty { get; set; }

    /// <summary>The name as written in the event; shown when the party's current name is not known.</summary>
    public string? AuthorName { get; set; }

    public string? RecipientParty { get; set; }

    public string? RecipientName { get; set; }

    /// <summary>The agent on the entry (author of a reply or note, or the actor of a change), named at read time.</summary>
    public Guid? AgentId { get; set; }

    /// <summary>A chat's rating (H5): good, neutral or bad.</summary>
    public string? Rating { get; set; }

    /// <summary>Delivery of an outgoing message: queued, sent, delivered, read or failed.</summary>
    public string? DeliveryStatus { get; set; }

    public string? DeliveryReason { get; set; }

    public DateTimeOffset? DeliveryAt { get; set; }

    /// <summary>Personal text removed by Compliance (the entry stays so the timeline keeps its shape).</summary>
    public bool Redacted { get; set; }
}
