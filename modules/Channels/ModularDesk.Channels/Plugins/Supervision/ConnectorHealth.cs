namespace ModularDesk.Channels.Plugins.Supervision;

/// <summary>A snapshot of a channel's receive loop, for logs, the admin UI and tests.</summary>
internal sealed record ConnectorHealth(
    ConnectorState State,
    int Attempts,
    int Failures,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    TimeSpan? CurrentBackoff,
    DateTimeOffset? NextAttemptAt)
{
    public static ConnectorHealth Initial { get; } = new(ConnectorState.NotStarted, 0, 0, null, null, null, null);
}
