namespace ModularDesk.History.Changes;

/// <summary>One change to a client or organization card (H3), with exactly what changed before and after.</summary>
internal sealed class CardChange
{
    /// <summary>The event id: one change, one row.</summary>
    public Guid Id { get; set; }

    /// <summary><c>client</c> or <c>organization</c>.</summary>
    public string SubjectKind { get; set; } = "";

    public Guid SubjectId { get; set; }

    public DateTimeOffset At { get; set; }

    public string Kind { get; set; } = "";

    public string ActorKind { get; set; } = "";

    public Guid? ActorId { get; set; }

    public string ActorName { get; set; } = "";

    public string Summary { get; set; } = "";

    /// <summary>The JSON text as the card's module wrote it (text, not jsonb, so key order and numbers stay exact).</summary>
    public string? Before { get; set; }

    public string? After { get; set; }
}
