namespace ModularDesk.Channels.Plugins.Supervision;

/// <summary>
/// Decides which host process runs a channel's receive loop: several hosts share one database, and
/// two IMAP IDLE loops or two Telegram <c>getUpdates</c> pollers on one bot would fight.
/// </summary>
internal interface IChannelLease
{
    /// <summary>Waits until this process holds the channel's lease; cancel to give up.</summary>
    Task<IChannelLeaseHandle> AcquireAsync(Guid channelId, CancellationToken cancellationToken);
}
