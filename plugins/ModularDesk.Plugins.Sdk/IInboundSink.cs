namespace ModularDesk.Plugins.Sdk;

/// <summary>Where a connector hands the messages it received.</summary>
public interface IInboundSink
{
    /// <summary>
    /// Stores a received message in the channel's inbox. Completes only once the message is durably
    /// stored (committed), so a connector may advance its checkpoint or acknowledge the service
    /// afterwards. The same <see cref="InboundMessage.ExternalMessageId"/> again is accepted as a duplicate
    /// and changes nothing, so re-delivering after a crash is safe. Ticket creation happens later, in the background.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the call; the message may or may not have been stored.</param>
    /// <returns>The inbox entry's id and whether it was a duplicate.</returns>
    Task<InboundAcceptance> AcceptAsync(InboundMessage message, CancellationToken cancellationToken);
}
