namespace ModularDesk.Channels.Plugins.Supervision;

/// <summary>
/// The channel instances whose receive loops should run now (enabled, with a plugin). The Channels
/// module's persistence implements it; <see cref="PullingChannels"/> asks it at start and then
/// periodically, so channels added, changed or removed on another host are picked up here too.
/// </summary>
internal interface IPullingChannelSource
{
    /// <summary>
    /// Active channels. <see cref="SupervisedChannel.Revision"/> must change whenever the channel's
    /// settings change, so the loop restarts with them.
    /// </summary>
    Task<IReadOnlyList<SupervisedChannel>> ListActiveAsync(CancellationToken cancellationToken);
}
