namespace ModularDesk.Plugins.Sdk;

/// <summary>
/// A connector that talks with visitors over a live connection (the web widget). The host accepts
/// the connection (a WebSocket), checks nothing beyond routing, and hands each one to the connector
/// as an <see cref="IRealtimeSession"/>.
/// </summary>
public interface IRealtimeConnector : IChannelConnector
{
    /// <summary>
    /// Serves one session until the visitor leaves or <paramref name="cancellationToken"/> is cancelled:
    /// verify the visitor (e.g. an HMAC of their person id), pass their messages to
    /// <see cref="IChannelContext.Inbound"/>, send replies back. Sessions run concurrently.
    /// </summary>
    /// <param name="session">The live connection.</param>
    /// <param name="cancellationToken">Cancelled when the channel stops or the host shuts down.</param>
    /// <returns>A task that completes when the session is over.</returns>
    Task HandleSessionAsync(IRealtimeSession session, CancellationToken cancellationToken);
}
