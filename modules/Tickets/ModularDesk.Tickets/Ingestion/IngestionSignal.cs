namespace ModularDesk.Tickets.Ingestion;

/// <summary>Wakes a background loop of this host without a database poll; any number of wake-ups collapse into one.</summary>
internal abstract class WakeSignal
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
            // Already signalled: one wake-up covers any number of messages.
        }
    }

    /// <summary>Waits for a wake-up or the timeout; true when woken.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}

/// <summary>An inbox message arrived (<c>InboundMessageReceived</c>).</summary>
internal sealed class IngestionSignal : WakeSignal;
