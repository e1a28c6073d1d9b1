using Microsoft.Extensions.Logging;

namespace ModularDesk.Plugins.Sdk;

/// <summary>
/// Everything the host gives a connector: which channel instance it serves, its settings and
/// secrets, and the host services it may use. Connectors get no HTTP routing, no database and no
/// service container: these are the only ways in and out.
/// </summary>
public interface IChannelContext
{
    /// <summary>The channel instance this connector serves.</summary>
    Guid ChannelId { get; }

    /// <summary>The plugin's id from its manifest (e.g. <c>email</c>).</summary>
    string PluginId { get; }

    /// <summary>The channel instance's settings and secrets, as the admin entered them.</summary>
    IChannelSettings Settings { get; }

    /// <summary>Where received messages go; a call returns once the message is durably stored.</summary>
    IInboundSink Inbound { get; }

    /// <summary>Where delivery news about sent messages goes (delivered, read, bounced).</summary>
    IDeliveryStatusSink DeliveryStatus { get; }

    /// <summary>Durable key/value state of this channel instance (last IMAP UID, Telegram offset).</summary>
    ICheckpointStore Checkpoints { get; }

    /// <summary>HTTP clients managed by the host (pooled handlers, timeouts, logging).</summary>
    IChannelHttpClientFactory HttpClients { get; }

    /// <summary>The clock; use it instead of <see cref="DateTimeOffset.UtcNow"/> and for delays, so tests can control time.</summary>
    TimeProvider Clock { get; }

    /// <summary>A logger scoped to this channel instance. Never log secrets or message bodies.</summary>
    ILogger Logger { get; }
}
