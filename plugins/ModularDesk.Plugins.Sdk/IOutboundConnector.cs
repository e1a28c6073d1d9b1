namespace ModularDesk.Plugins.Sdk;

/// <summary>A connector that can send messages to clients (replies, agent-initiated messages, templates).</summary>
/// <remarks>
/// The host's outbound queue calls <see cref="SendAsync"/> and retries by the result: a
/// <see cref="SendResult.RetryLater"/> or an exception is retried with back-off, a permanent
/// <see cref="SendResult.Failed"/> is not. Sending may be retried after a crash, so pass
/// <see cref="OutboundMessage.OutboundId"/> as an idempotency key where the service supports one.
/// Later delivery news (delivered, read, bounced) goes to <see cref="IChannelContext.DeliveryStatus"/>.
/// </remarks>
public interface IOutboundConnector : IChannelConnector
{
    /// <summary>Sends one message.</summary>
    /// <param name="message">What to send and to whom.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>Sent (with the service's message id), failed, or retry later.</returns>
    Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}
