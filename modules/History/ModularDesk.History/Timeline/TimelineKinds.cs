namespace ModularDesk.History.Timeline;

/// <summary>The <c>kind</c> of a timeline entry, as the API shows and filters it.</summary>
internal static class TimelineKinds
{
    /// <summary>A message from the client or a reply to it (direction in/out).</summary>
    public const string Message = "message";

    /// <summary>An internal note on a ticket (direction internal).</summary>
    public const string Note = "note";

    /// <summary>A message sent from the client's card (C19), not part of a ticket.</summary>
    public const string Outbound = "outbound";

    public const string TicketCreated = "ticketCreated";

    public const string StatusChanged = "statusChanged";

    public const string Merge = "merge";

    public const string Unmerge = "unmerge";

    public static IReadOnlySet<string> All { get; } =
        new HashSet<string>(StringComparer.Ordinal) { Message, Note, Outbound, TicketCreated, StatusChanged, Merge, Unmerge };
}
