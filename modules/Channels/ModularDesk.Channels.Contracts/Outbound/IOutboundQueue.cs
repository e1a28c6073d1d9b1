namespace ModularDesk.Channels.Contracts.Outbound;

/// <summary>
/// The Channels outbound queue (T6, C19). <see cref="EnqueueAsync"/> checks the channel's rules first (free text
/// only within 24 h of the client's last inbound message on WhatsApp/Facebook/Instagram, templates after that;
/// opted-out contacts refused) and either refuses or stores the message and returns at once; a background sender
/// hands it to the channel's connector, retries with back-off and publishes <see cref="OutboundStatusChanged"/>.
/// </summary>
public interface IOutboundQueue
{
    Task<OutboundEnqueueResult> EnqueueAsync(OutboundRequest request, CancellationToken cancellationToken = default);
}
