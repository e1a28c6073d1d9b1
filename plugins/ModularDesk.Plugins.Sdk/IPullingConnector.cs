namespace ModularDesk.Plugins.Sdk;

/// <summary>
/// A connector that fetches messages itself: IMAP IDLE, Telegram long polling, a folder watcher.
/// </summary>
/// <remarks>
/// <para>The host runs <see cref="RunAsync"/> on one host process at a time per channel instance
/// (a database lease decides which), and supervises it: when it throws, the host logs the error,
/// disposes the connector, waits with exponential back-off (1 s, 2 s, 4 s … up to 5 minutes; reset
/// after a healthy run) and starts a new connector. So a connector need not catch everything: let
/// errors it cannot handle escape, and resume from its checkpoints on the next run.</para>
/// <para>Hand every message to <see cref="IChannelContext.Inbound"/> and only then advance the
/// checkpoint (e.g. the last IMAP UID), so a crash between the two re-delivers rather than loses;
/// the inbox drops the duplicate by its external message id.</para>
/// </remarks>
public interface IPullingConnector : IChannelConnector
{
    /// <summary>
    /// Receives messages until <paramref name="cancellationToken"/> is cancelled. Returning early
    /// (without an exception) is treated like a failure that needs no back-off beyond the first step.
    /// </summary>
    /// <param name="cancellationToken">Cancelled when the channel is stopped, changed or removed, or the host stops.
    /// Throwing <see cref="OperationCanceledException"/> then is expected.</param>
    /// <returns>A task that completes when the loop ends.</returns>
    Task RunAsync(CancellationToken cancellationToken);
}
