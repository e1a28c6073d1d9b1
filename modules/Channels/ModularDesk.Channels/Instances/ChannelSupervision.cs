using ModularDesk.Channels.Plugins;
using ModularDesk.Channels.Plugins.Supervision;

namespace ModularDesk.Channels.Instances;

/// <summary>
/// Tells this host's connectors about a channel change right away (other hosts catch up through
/// <see cref="PullingChannels"/>' periodic reconcile): a changed channel restarts its loop with the new settings,
/// a disabled or deleted one stops.
/// </summary>
internal sealed class ChannelSupervision(PullingChannels pulling, ChannelConnectors connectors)
{
    public static SupervisedChannel ToSupervised(ChannelInstance channel) =>
        new(channel.Id, channel.PluginId, channel.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task ChangedAsync(ChannelInstance channel, CancellationToken cancellationToken)
    {
        await connectors.InvalidateAsync(channel.Id);
        if (channel.Enabled)
        {
            await pulling.EnsureRunning(ToSupervised(channel), cancellationToken);
        }
        else
        {
            await pulling.StopChannelAsync(channel.Id, cancellationToken);
        }
    }

    public async Task RemovedAsync(Guid channelId, CancellationToken cancellationToken)
    {
        await connectors.InvalidateAsync(channelId);
        await pulling.StopChannelAsync(channelId, cancellationToken);
    }
}
