namespace ModularDesk.Organizations.Contracts.Routing;

/// <summary>What routing conditions can look at.</summary>
public sealed record TicketRoutingFacts(
    Guid TicketId,
    Guid? OrganizationId,
    Guid ChannelId,
    string ChannelType,
    bool IsVip,
    string? Language,
    string? Subject,
    string? Text,
    string? CustomerType,
    DateTimeOffset CreatedAt);
