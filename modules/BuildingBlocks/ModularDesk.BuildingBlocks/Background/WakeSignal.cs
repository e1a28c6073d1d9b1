namespace ModularDesk.BuildingBlocks.Background;

/// <summary>
/// Wakes a background loop of this host without a database poll; any number of wake-ups collapse into one. Each loop
/// gets its own subclass, registered as a single instance, so the container tells them apart. Other hosts' loops
/// still find the work by polling.
/// </summary>
public abstract class WakeSignal
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
            // Already signalled: one wake-up covers everything queued since.
        }
    }

    /// <summary>Waits for a wake-up or the timeout; true when woken.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}
