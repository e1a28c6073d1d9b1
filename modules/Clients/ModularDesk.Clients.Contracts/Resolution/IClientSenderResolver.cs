namespace ModularDesk.Clients.Contracts.Resolution;

/// <summary>
/// Finds the client card of an inbound sender, or creates it (C3). Safe when two messages of a new sender are
/// resolved at once: one card, not two (a unique identity index decides, not a check-then-insert). On a new card it
/// also fills name, avatar and language from the channel, joins the organization of the email's domain (through
/// <see cref="Ports.IOrganizationLookup"/>), and fills the language from <see cref="InboundSender.MessageText"/> when
/// the card has none (C5).
/// </summary>
public interface IClientSenderResolver
{
    Task<ResolvedSender> ResolveAsync(InboundSender sender, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same for a batch, in a fixed number of round trips whatever its size (ingestion resolves a batch's distinct
    /// senders with one call). Results are in the order of <paramref name="senders"/>; two senders that are one
    /// identity get the same card. It throws when any part fails: the caller then resolves the senders one at a time
    /// with <see cref="ResolveAsync"/> to find the one that fails.
    /// </summary>
    Task<IReadOnlyList<ResolvedSender>> ResolveManyAsync(IReadOnlyList<InboundSender> senders, CancellationToken cancellationToken = default);
}
