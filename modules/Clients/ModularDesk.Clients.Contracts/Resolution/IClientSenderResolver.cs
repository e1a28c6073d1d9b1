namespace ModularDesk.Clients.Contracts.Resolution;

/// <summary>
/// Finds the client card of an inbound sender, or creates it (C3), in one round trip. Safe when two messages of a
/// new sender are resolved at once: one card, not two (a unique identity index decides, not a check-then-insert).
/// On a new card it also fills name, avatar and language from the channel, joins the organization of the email's
/// domain (through <see cref="Ports.IOrganizationLookup"/>), and fills the language from
/// <see cref="InboundSender.MessageText"/> when the card has none (C5).
/// </summary>
public interface IClientSenderResolver
{
    Task<ResolvedSender> ResolveAsync(InboundSender sender, CancellationToken cancellationToken = default);
}
