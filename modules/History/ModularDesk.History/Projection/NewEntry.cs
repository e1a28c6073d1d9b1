namespace ModularDesk.History.Projection;

/// <summary>A timeline entry about to be written; the projector files it under the client's current card.</summary>
internal sealed record NewEntry(Guid Id, Guid ClientId, DateTimeOffset At, string Kind)
{
    /// <summary>Null: the client's current organization (from its events).</summary>
    public Guid? OrganizationId { get; init; }

    public Guid? ChannelId { get; init; }

    public string? ChannelType { get; init; }

    public Guid? TicketId { get; init; }

    public long? TicketNumber { get; init; }

    public string? Subject { get; init; }

    public string? Excerpt { get; init; }

    public string? Direction { get; init; }

    public string? AuthorParty { get; init; }

    public string? AuthorName { get; init; }

    public string? RecipientParty { get; init; }

    public string? RecipientName { get; init; }

    public Guid? AgentId { get; init; }

    /// <summary>Where its delivery status is kept: the outbound message with this ticket message id, or this outbound id.</summary>
    public Guid? DeliveryByTicketMessage { get; init; }

    public Guid? DeliveryByOutbound { get; init; }
}
