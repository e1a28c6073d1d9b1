namespace ModularDesk.BuildingBlocks.Outbox;

public sealed class OutboxOptions
{
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    public int BatchSize { get; init; } = 50;

    /// <summary>Exponential back-off for failed deliveries: 2, 4, 8 … seconds, at most ten minutes.</summary>
    public TimeSpan RetryDelay(int attempt) =>
        TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(attempt, 20)), 600));
}
