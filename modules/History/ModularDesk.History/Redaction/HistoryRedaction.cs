using Microsoft.EntityFrameworkCore;
using ModularDesk.History.Contracts.Redaction;
using ModularDesk.History.Persistence;
using ModularDesk.History.Projection;
using static ModularDesk.History.Persistence.HistorySql;

namespace ModularDesk.History.Redaction;

/// <summary>
/// <see cref="IHistoryRedaction"/>: personal text out of the read models and the event log in one transaction, so a
/// rebuild replays the redacted text. Ids, times, kinds and channels stay: the timeline keeps its shape.
/// </summary>
internal sealed class HistoryRedaction(HistoryDbContext db, HistorySql sql) : IHistoryRedaction
{
    private const string Marker = IHistoryRedaction.Marker;
    private const string RedactedJson = """{"redacted":true}""";

    /// <summary>The text fields of the logged events' payloads (camelCase as serialized) that can hold personal data.</summary>
    private static readonly string[] TextFields =
        ["excerpt", "subject", "name", "authorName", "recipientName", "recipientValue", "summary"];

    private static readonly string[] JsonFields = ["beforeJson", "afterJson"];

    public async Task<HistoryRedactionResult> RedactClientAsync(Guid clientId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await RebuildLock.EnterSharedAsync(sql, cancellationToken);
        var subjects = (await sql.QueryAsync(
            """
            SELECT $1::uuid UNION SELECT DISTINCT original_client_id FROM history.timeline_entries WHERE client_id = $1
            UNION SELECT merged_id FROM history.merges WHERE survivor_id = $1 AND NOT undone
            """, r => r.GetGuid(0), cancellationToken, P(clientId))).ToArray();

        var entries = await sql.ExecuteAsync(
            $"""
             UPDATE history.timeline_entries SET excerpt = CASE WHEN excerpt IS NULL THEN NULL ELSE $2 END,
                 subject = CASE WHEN subject IS NULL THEN NULL ELSE $2 END,
                 author_name = CASE WHEN author_party = 'client' THEN $2 ELSE author_name END,
                 recipient_name = CASE WHEN recipient_party = 'client' THEN $2 ELSE recipient_name END,
                 redacted = true
             WHERE client_id = $1
             """, cancellationToken, P(clientId), P(Marker));
        var outbound = await sql.ExecuteAsync(
            "UPDATE history.outbound_messages SET recipient = $2, excerpt = $2, redacted = true WHERE client_id = $1",
            cancellationToken, P(clientId), P(Marker));
        var changes = await sql.ExecuteAsync(
            """
            UPDATE history.card_changes SET summary = $2,
                before = CASE WHEN before IS NULL THEN NULL ELSE $3 END, after = CASE WHEN after IS NULL THEN NULL ELSE $3 END
            WHERE subject_kind = 'client' AND subject_id = ANY($1)
            """, cancellationToken, P(subjects), P(Marker), P(RedactedJson));
        await sql.ExecuteAsync(
            "UPDATE history.names SET name = $2 WHERE id = ANY($1) AND kind = 'client' AND name IS NOT NULL",
            cancellationToken, P(subjects), P(Marker));
        var logged = await sql.ExecuteAsync(
            $"UPDATE history.event_log SET payload = {RedactedPayload(TextFields)} WHERE subject_id = ANY($1)",
            cancellationToken, P(subjects), P(Marker), P(RedactedJson));
        await transaction.CommitAsync(cancellationToken);
        return new HistoryRedactionResult(entries, changes, outbound, logged);
    }

    public async Task<HistoryRedactionResult> RedactEntriesAsync(IReadOnlyCollection<Guid> entryIds, CancellationToken cancellationToken)
    {
        var ids = entryIds.Distinct().ToArray();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await RebuildLock.EnterSharedAsync(sql, cancellationToken);
        var entries = await sql.ExecuteAsync(
            "UPDATE history.timeline_entries SET excerpt = CASE WHEN excerpt IS NULL THEN NULL ELSE $2 END, redacted = true WHERE id = ANY($1)",
            cancellationToken, P(ids), P(Marker));
        var outbound = await sql.ExecuteAsync(
            "UPDATE history.outbound_messages SET excerpt = $2, redacted = true WHERE id = ANY($1) OR ticket_message_id = ANY($1)",
            cancellationToken, P(ids), P(Marker));
        var logged = await sql.ExecuteAsync(
            $"UPDATE history.event_log SET payload = {RedactedPayload(["excerpt"])} WHERE entry_id = ANY($1)",
            cancellationToken, P(ids), P(Marker), P(RedactedJson));
        await transaction.CommitAsync(cancellationToken);
        return new HistoryRedactionResult(entries, 0, outbound, logged);
    }

    /// <summary>The payload with each present string field replaced by the marker ($2) and each JSON text by $3.</summary>
    private static string RedactedPayload(IEnumerable<string> textFields)
    {
        var pairs = textFields.Select(f => $"'{f}', CASE WHEN jsonb_typeof(payload->'{f}') = 'string' THEN to_jsonb($2::text) END")
            .Concat(JsonFields.Select(f => $"'{f}', CASE WHEN jsonb_typeof(payload->'{f}') = 'string' THEN to_jsonb($3::text) END"));
        return $"payload || jsonb_strip_nulls(jsonb_build_object({string.Join(", ", pairs)}))";
    }
}
