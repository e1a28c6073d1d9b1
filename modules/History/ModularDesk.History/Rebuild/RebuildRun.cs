namespace ModularDesk.History.Rebuild;

/// <summary>One request to rebuild the read models from the event log, and how it went.</summary>
internal sealed class RebuildRun
{
    public Guid Id { get; set; }

    public Guid RequestedBy { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary><c>queued</c>, <c>running</c>, <c>succeeded</c> or <c>failed</c>.</summary>
    public string Status { get; set; } = "";

    public long EventsReplayed { get; set; }

    public string? Error { get; set; }
}
