using Microsoft.Extensions.Logging;
using ModularDesk.Channels.Plugins.Supervision;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Plugins;

/// <summary>
/// One long-lived connector per channel instance for request-driven work (webhooks, sending,
/// connection tests), created on first use and replaced when the channel's revision changes. The receive
/// loop does not use these: <see cref="ConnectorSupervisor"/> creates its own, so a crashing loop never
/// takes the webhook side with it.
/// </summary>
internal sealed partial class ChannelConnectors(
    PluginCatalog catalog,
    IEnumerable<IChannelContextFactory> contextFactories,
    ILogger<ChannelConnectors> logger) : IAsyncDisposable
{
    private readonly Dictionary<Guid, (SupervisedChannel Channel, IChannelConnector Connector)> connectors = [];
    private readonly Lock gate = new();

    /// <summary>The channel's connector, or null when its plugin is not loaded or has no connector (<c>api</c>).</summary>
    /// <exception cref="Exception">Whatever the plugin's <c>CreateConnector</c> or the context factory threw.</exception>
    public IChannelConnector? Get(SupervisedChannel channel)
    {
        IChannelConnector? stale = null;
        try
        {
            lock (gate)
            {
                if (connectors.TryGetValue(channel.ChannelId, out var cached))
                {
                    if (cached.Channel == channel)
                    {
                        return cached.Connector;
                    }

                    stale = cached.Connector;
                    connectors.Remove(channel.ChannelId);
                }

                var plugin = catalog.FindConnectorPlugin(channel.PluginId);
                var factory = contextFactories.FirstOrDefault();
                if (plugin is null || factory is null)
                {
                    return null;
                }

                var connector = plugin.CreateConnector(factory.Create(channel));
                connectors[channel.ChannelId] = (channel, connector);
                return connector;
            }
        }
        finally
        {
            if (stale is not null)
            {
                _ = DisposeQuietlyAsync(channel.ChannelId, stale);
            }
        }
    }

    /// <summary>Drops the channel's connector (channel removed or changed on this host).</summary>
    public async Task InvalidateAsync(Guid channelId)
    {
        IChannelConnector? connector = null;
        lock (gate)
        {
            if (connectors.Remove(channelId, out var cached))
            {
                connector = cached.Connector;
            }
        }

        if (connector is not null)
        {
            await DisposeQuietlyAsync(channelId, connector);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<(Guid, IChannelConnector)> all;
        lock (gate)
        {
            all = connectors.Select(c => (c.Key, c.Value.Connector)).ToList();
            connectors.Clear();
        }

        foreach (var (channelId, connector) in all)
        {
            await DisposeQuietlyAsync(channelId, connector);
        }
    }

    private async Task DisposeQuietlyAsync(Guid channelId, IChannelConnector connector)
    {
        try
        {
            await connector.DisposeAsync();
        }
        catch (Exception e)
        {
            LogDisposeFailed(e, channelId);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Channel {ChannelId}: disposing a connector failed")]
    private partial void LogDisposeFailed(Exception exception, Guid channelId);
}
