namespace ModularDesk.Plugins.Sdk;

/// <summary>
/// One channel instance's connection to the outside world (a mailbox, a bot, a phone number).
/// What it can do is told by the capability interfaces it also implements:
/// <see cref="IPullingConnector"/>, <see cref="IWebhookConnector"/>, <see cref="IRealtimeConnector"/>
/// and <see cref="IOutboundConnector"/>.
/// </summary>
/// <remarks>
/// The host disposes a connector when the channel is removed or changed, when the host stops, and
/// after its receive loop failed (a new one is created for the next attempt).
/// </remarks>
public interface IChannelConnector : IAsyncDisposable
{
    /// <summary>
    /// Checks the settings against the real service (log in, call a "who am I" method) without
    /// receiving or sending messages. The admin's "Test" button calls this.
    /// </summary>
    /// <param name="cancellationToken">Cancelled when the admin gives up or the host stops.</param>
    /// <returns>Whether the connection works and a reason a person can act on.</returns>
    Task<ConnectionTestResult> TestConnectionAsync(CancellationToken cancellationToken);
}
