using Microsoft.Extensions.Logging;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Connectors;

/// <summary>What a connector of one channel instance gets from the host.</summary>
internal sealed record ChannelContext(
    Guid ChannelId,
    string PluginId,
    IChannelSettings Settings,
    IInboundSink Inbound,
    IDeliveryStatusSink DeliveryStatus,
    ICheckpointStore Checkpoints,
    IChannelHttpClientFactory HttpClients,
    TimeProvider Clock,
    ILogger Logger) : IChannelContext;
