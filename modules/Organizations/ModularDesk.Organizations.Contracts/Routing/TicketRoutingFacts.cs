namespace ModularDesk.Organizations.Contracts.Routing;

/// <summary>What routing conditions can look at.</summary>
/// <param name="CustomerType">
/// The card's customer type when the caller has it. When it is null and <paramref name="ClientId"/> is given, the router
/// reads the card's type itself (one batch read through the Clients module), and only when an enabled rule has a
/// <c>customerType</c> condition, so callers need not load cards for rules that never look at them.
/// </param>
/// <param name="ClientId">The ticket's client (the card), if known.</param>
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
    DateTimeOffset CreatedAt,
    Guid? ClientId = null);
