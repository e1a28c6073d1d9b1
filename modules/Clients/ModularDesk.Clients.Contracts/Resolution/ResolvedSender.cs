namespace ModularDesk.Clients.Contracts.Resolution;

/// <summary>The card an inbound sender belongs to, with what ingestion needs to file the message.</summary>
/// <param name="ClientId">The card.</param>
/// <param name="Created">Whether this call created the card.</param>
/// <param name="Name">The card's display name.</param>
/// <param name="OrganizationId">The card's organization, if any.</param>
/// <param name="IsVip">The card is VIP or the sender is on the allowlist (C12).</param>
/// <param name="IsBlocked">The card is a spammer or the sender/domain is blocklisted, and not allowlisted (C11).</param>
/// <param name="Language">The card's language after resolution (possibly just detected).</param>
public sealed record ResolvedSender(
    Guid ClientId, bool Created, string Name, Guid? OrganizationId, bool IsVip, bool IsBlocked, string? Language);
