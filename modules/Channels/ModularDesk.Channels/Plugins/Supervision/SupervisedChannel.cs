namespace ModularDesk.Channels.Plugins.Supervision;

/// <summary>
/// A channel instance whose connector should be running: which instance, which plugin serves it,
/// and a revision that changes with its settings (e.g. the row's update time), so a change restarts the loop.
/// </summary>
internal sealed record SupervisedChannel(Guid ChannelId, string PluginId, string Revision = "");
