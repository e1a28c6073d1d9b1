namespace ModularDesk.Plugins.Sdk;

/// <summary>
/// The entry type of a plugin assembly: the host finds the one public, non-abstract class that
/// implements this interface (or the <c>entryType</c> named in <c>plugin.json</c>), creates it
/// once with its public parameterless constructor, and asks it for a connector per channel instance.
/// </summary>
/// <remarks>
/// Keep the constructor cheap and free of I/O: it runs while the host starts, and an exception
/// there marks the whole plugin as failed.
/// </remarks>
public interface IChannelPlugin
{
    /// <summary>
    /// Creates a connector for one channel instance. The host may create several connectors for the
    /// same instance (one runs the receive loop, another answers webhooks or sends) and may create a
    /// fresh one after a connector failed, so keep durable state in
    /// <see cref="IChannelContext.Checkpoints"/>, not in fields or statics.
    /// </summary>
    /// <param name="context">The channel instance's settings and the host services the connector may use.</param>
    /// <returns>A connector; it also implements the capability interfaces it supports
    /// (<see cref="IPullingConnector"/>, <see cref="IWebhookConnector"/>, <see cref="IRealtimeConnector"/>,
    /// <see cref="IOutboundConnector"/>).</returns>
    IChannelConnector CreateConnector(IChannelContext context);
}
