using Autofac;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ModularDesk.Channels.Checkpoints;
using ModularDesk.Channels.Persistence;
using ModularDesk.Channels.Plugins;
using ModularDesk.Channels.Plugins.Supervision;
using ModularDesk.Channels.Secrets;
using ModularDesk.Plugins.Sdk;
using Npgsql;

namespace ModularDesk.Channels.Connectors;

/// <summary>
/// Builds a connector's <see cref="IChannelContext"/> from the channel's row: its settings as they are now, and
/// database-backed inbox, checkpoints and delivery sinks. Synchronous because the plugin loader's contract is; it
/// runs once per connector, not per message.
/// </summary>
internal sealed class ChannelContextFactory(
    ILifetimeScope scope,
    PluginCatalog catalog,
    ChannelSecretProtector protector,
    NpgsqlDataSource dataSource,
    IHttpClientFactory httpClientFactory,
    TimeProvider clock,
    ILoggerFactory loggerFactory) : IChannelContextFactory
{
    public IChannelContext Create(SupervisedChannel channel)
    {
        using var load = scope.BeginLifetimeScope();
        var row = load.Resolve<ChannelsDbContext>().ChannelInstances.AsNoTracking().SingleOrDefault(c => c.Id == channel.ChannelId)
                  ?? throw new InvalidOperationException($"Channel {channel.ChannelId} no longer exists.");

        var logger = loggerFactory.CreateLogger($"ModularDesk.Channels.Connectors.{row.PluginId}.{row.Id}");
        return new ChannelContext(
            row.Id,
            row.PluginId,
            new ChannelSettingsSnapshot(row, catalog.Find(row.PluginId)?.Manifest, protector),
            new InboxSink(row.Id, scope),
            new DeliveryStatusSink(row.Id, scope),
            new ChannelCheckpointStore(row.Id, dataSource, clock),
            new ChannelHttpClients(httpClientFactory, row.PluginId),
            clock,
            logger);
    }
}
