namespace ModularDesk.Channels.Outbound;

/// <summary>
/// Wakes this host's sender when a message was queued here, so it goes out at once instead of at the next poll.
/// Other hosts' senders find it by polling.
/// </summary>
internal sealed class OutboundSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Wake()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up serves every message queued since.
        }
    }

    /// <summary>Returns when woken or after <paramref name="timeout"/>.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}
