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
    /// Appends a run of events with one statement, in the given order (the log's sequence is the replay order); returns
    /// those not in the log before, in that order.
    /// </summary>
    public async Task<List<IIntegrationEvent>> AppendManyAsync(IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        var appended = (await sql.QueryAsync(
            """
            INSERT INTO history.event_log (event_id, event_type, subject_id, entry_id, payload, occurred_at, recorded_at)
            SELECT u.event_id, u.event_type, u.subject_id, u.entry_id, u.payload, u.occurred_at, $7
            FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::jsonb[], $6::timestamptz[]) WITH ORDINALITY
                 AS u(event_id, event_type, subject_id, entry_id, payload, occurred_at, ord)
            ORDER BY u.ord
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id
            """, r => r.GetGuid(0), cancellationToken,
            P(events.Select(e => e.EventId).ToArray()),
            P(events.Select(e => HistoryEvents.NameOf(e.GetType())).ToArray()),
            P(events.Select(HistoryEvents.SubjectOf).ToArray()),
            P(events.Select(HistoryEvents.EntryOf).ToArray()),
            JsonbArray(events.Select(e => JsonSerializer.Serialize(e, e.GetType(), Json)).ToArray()),
            P(events.Select(e => e.OccurredAt.ToUniversalTime()).ToArray()),
            P(clock.GetUtcNow()))).ToHashSet();
        return events.Where(e => appended.Remove(e.EventId)).ToList();
    }

    /// <summary>
    /// <see cref="ForgetIfAboutDeletedClientAsync"/> for a run of events in one statement. Equivalent to checking after
    /// each event: only <see cref="ClientDeleted"/> tombstones a client, and it is never forgotten.
    /// </summary>
    public Task ForgetManyIfAboutDeletedClientAsync(IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        var ids = events.Where(e => e is not ClientDeleted && HistoryEvents.SubjectOf(e) is not null).Select(e => e.EventId).ToArray();
        return ids.Length == 0
            ? Task.CompletedTask
            : sql.ExecuteAsync(
                """
                DELETE FROM history.event_log l USING history.names n
                WHERE l.event_id = ANY($1) AND n.id = l.subject_id AND n.kind = 'client' AND n.deleted
                """, cancellationToken, P(ids));
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
