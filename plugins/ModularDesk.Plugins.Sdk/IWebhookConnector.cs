namespace ModularDesk.Plugins.Sdk;

/// <summary>
/// A connector that receives pushes from its service (WhatsApp Cloud API, Telegram in webhook mode).
/// The host maps <c>/channels/{channelId}/webhook</c> (any method, no host authentication) and hands
/// each request to the channel's connector.
/// </summary>
/// <remarks>
/// Verify the request yourself (signature header, secret token) and answer 401/403 when it fails.
/// Store first, answer fast: pass the messages to <see cref="IChannelContext.Inbound"/> and return;
/// the host does the heavy work later. Services retry on errors and slow answers, so the same message
/// may arrive again: the inbox drops it by its external message id. Calls may run concurrently.
/// </remarks>
public interface IWebhookConnector : IChannelConnector
{
    /// <summary>Handles one webhook request.</summary>
    /// <param name="request">The HTTP request as received, with the raw body (for signature checks).</param>
    /// <param name="cancellationToken">Cancelled when the caller disconnects or the host stops.</param>
    /// <returns>The response to send back.</returns>
    Task<WebhookResponse> HandleWebhookAsync(WebhookRequest request, CancellationToken cancellationToken);
}
