using ModularDesk.History.Persistence;

namespace ModularDesk.History.Projection;

/// <summary>
/// One transaction-level advisory lock for History's writers. A rebuild holds it exclusively, so no event is applied
/// half before and half after a rebuild's replay (an event that waits is applied on top of the rebuilt models).
/// Event handlers hold it exclusively too (<see cref="EnterForProjectionAsync"/>): a projection reads what other events
/// wrote (the outbound status a message entry copies, names, merges), and two projections running at once — the
/// Tickets and Channels outboxes are delivered by separate loops and hosts — could each miss the other's uncommitted
/// row under READ COMMITTED (a reply's entry and its "sent" status each inserted/updated without the other: the entry
/// never showed its delivery). Redaction holds it shared.
/// </summary>
internal static class RebuildLock
{
    private const long Key = 0x4869_7374_6f72_79; // "History"

    public static Task EnterSharedAsync(HistorySql sql, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("SELECT pg_advisory_xact_lock_shared(" + Key + ")", cancellationToken);

    /// <summary>One projection at a time, across loops and hosts; taken first in the handler's transaction.</summary>
    public static Task EnterForProjectionAsync(HistorySql sql, CancellationToken cancellationToken) =>
        EnterExclusiveAsync(sql, cancellationToken);

    public static Task EnterExclusiveAsync(HistorySql sql, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("SELECT pg_advisory_xact_lock(" + Key + ")", cancellationToken);
}
