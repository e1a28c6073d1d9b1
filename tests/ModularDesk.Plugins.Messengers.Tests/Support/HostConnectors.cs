using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModularDesk.Channels.Plugins;
using ModularDesk.Channels.Plugins.Supervision;
using ModularDesk.Plugins.Sdk;
using ModularDesk.Testing;

namespace ModularDesk.Plugins.Messengers.Tests.Support;

/// <summary>
/// A channel's connector as the host would use it for sending: the plugin loaded by the host's catalog from the
/// plugins folder, the context built by the Channels module from the channel's row (settings, decrypted secrets,
/// inbox, checkpoints, HTTP clients). Only the delivery-status sink is swapped for a recording one, so a test can see
/// exactly what the connector reported (the end-to-end tests go through the outbound queue and the history instead).
/// </summary>
internal static class HostConnectors
{
    public static (IChannelConnector Connector, RecordingDeliveryStatus Status) Create(HostFixture host, Guid channelId, string pluginId)
    {
        var services = host.Factory.Services;
        var plugin = services.GetRequiredService<PluginCatalog>().FindConnectorPlugin(pluginId)
                     ?? throw new InvalidOperationException($"The host did not load the {pluginId} plugin.");
        var hostContext = services.GetRequiredService<IChannelContextFactory>().Create(new SupervisedChannel(channelId, pluginId));
        var status = new RecordingDeliveryStatus();
        return (plugin.CreateConnector(new Context(hostContext, status)), status);
    }

    private sealed class Context(IChannelContext inner, IDeliveryStatusSink status) : IChannelContext
    {
        public Guid ChannelId => inner.ChannelId;

        public string PluginId => inner.PluginId;

        public IChannelSettings Settings => inner.Settings;

        public IInboundSink Inbound => inner.Inbound;

        public IDeliveryStatusSink DeliveryStatus => status;

        public ICheckpointStore Checkpoints => inner.Checkpoints;

        public IChannelHttpClientFactory HttpClients => inner.HttpClients;

        public TimeProvider Clock => inner.Clock;

        public ILogger Logger => inner.Logger;
    }
}

/// <summary>Delivery news and unreachable contacts a connector reported.</summary>
internal sealed class RecordingDeliveryStatus : IDeliveryStatusSink
{
    public ConcurrentQueue<DeliveryStatusUpdate> Updates { get; } = new();

    public ConcurrentQueue<(ContactAddress Contact, string Reason)> Unreachable { get; } = new();

    public Task ReportAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken)
    {
        Updates.Enqueue(update);
        return Task.CompletedTask;
    }

    public Task MarkContactUnreachableAsync(ContactAddress contact, string reason, CancellationToken cancellationToken)
    {
        Unreachable.Enqueue((contact, reason));
        return Task.CompletedTask;
    }
}
