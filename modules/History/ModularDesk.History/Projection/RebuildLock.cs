using ModularDesk.History.Persistence;

namespace ModularDesk.History.Projection;

/// <summary>
/// Handlers hold this transaction-level advisory lock shared; a rebuild holds it exclusively, so no event is applied
/// half before and half after a rebuild's replay (an event that waits is applied on top of the rebuilt models).
/// </summary>
internal static class RebuildLock
{
    private const long Key = 0x4869_7374_6f72_79; // "History"

    public static Task EnterSharedAsync(HistorySql sql, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("SELECT pg_advisory_xact_lock_shared(" + Key + ")", cancellationToken);

    public static Task EnterExclusiveAsync(HistorySql sql, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("SELECT pg_advisory_xact_lock(" + Key + ")", cancellationToken);
}
