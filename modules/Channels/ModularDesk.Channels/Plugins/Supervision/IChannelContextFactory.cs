using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Plugins.Supervision;

/// <summary>
/// Builds the <see cref="IChannelContext"/> a connector gets: the channel's settings and secrets, its
/// inbox, checkpoints and delivery-status sinks. The Channels module's persistence implements it
/// (database-backed); tests use an in-memory one. Called once per connector, so a connector created
/// after a settings change sees the new settings.
/// </summary>
internal interface IChannelContextFactory
{
    IChannelContext Create(SupervisedChannel channel);
}
