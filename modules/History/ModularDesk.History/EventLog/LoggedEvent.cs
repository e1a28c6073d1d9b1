namespace ModularDesk.History.EventLog;

/// <summary>
/// Every event History consumed, in the order it applied them. History owns only projections; this append-only
/// log is what a rebuild replays (after data loss or a change of the read model's shape).
/// </summary>
internal sealed class LoggedEvent
{
    /// <summary>The order of application (replay order).</summary>
    public long Sequence { get; set; }

    public Guid EventId { get; set; }

    /// <summary>The event's type name (see <see cref="HistoryEvents"/>).</summary>
    public string EventType { get; set; } = "";

    /// <summary>The client, organization or agent the event is about, for erasure and redaction.</summary>
    public Guid? SubjectId { get; set; }

    /// <summary>The timeline entry or outbound message the event creates, for redacting one message.</summary>
    public Guid? EntryId { get; set; }

    public string Payload { get; set; } = "";

    public DateTimeOffset OccurredAt { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}
