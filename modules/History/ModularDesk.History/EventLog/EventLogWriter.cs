using System.Text.Json;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.Clients.Contracts.Events;
using ModularDesk.History.Persistence;
using static ModularDesk.History.Persistence.HistorySql;

namespace ModularDesk.History.EventLog;

/// <summary>Appends a consumed event to <c>history.event_log</c> in the handler's transaction.</summary>
internal sealed class EventLogWriter(HistorySql sql, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>False when the event is already in the log (then it was already applied too).</summary>
    public async Task<bool> AppendAsync(IIntegrationEvent e, CancellationToken cancellationToken)
    {
        var type = e.GetType();
        var appended = await sql.ExecuteAsync(
            """
            INSERT INTO history.event_log (event_id, event_type, subject_id, entry_id, payload, occurred_at, recorded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING
            """, cancellationToken, P(e.EventId), P(HistoryEvents.NameOf(type)), P(HistoryEvents.SubjectOf(e)),
            P(HistoryEvents.EntryOf(e)), Jsonb(JsonSerializer.Serialize(e, type, Json)), P(e.OccurredAt), P(clock.GetUtcNow()));
        return appended > 0;
    }

    /// <summary>
    /// An event about a client deleted before it arrived was not projected; it is not kept either, so the log holds
    /// nothing of a deleted client but the deletion itself.
    /// </summary>
    public Task ForgetIfAboutDeletedClientAsync(IIntegrationEvent e, CancellationToken cancellationToken) =>
        e is ClientDeleted || HistoryEvents.SubjectOf(e) is not { } subject
            ? Task.CompletedTask
            : sql.ExecuteAsync(
                "DELETE FROM history.event_log WHERE event_id = $1 " +
                "AND EXISTS (SELECT 1 FROM history.names WHERE id = $2 AND kind = 'client' AND deleted)",
                cancellationToken, P(e.EventId), P(subject));

    public static IIntegrationEvent? Read(string eventType, string payload) =>
        HistoryEvents.Find(eventType) is { } type ? (IIntegrationEvent?)JsonSerializer.Deserialize(payload, type, Json) : null;
}
