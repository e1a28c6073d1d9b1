using Npgsql;

namespace ModularDesk.Channels.Outbound;

/// <summary>
/// Leases due queued messages to one sender. <c>FOR UPDATE SKIP LOCKED</c> lets several hosts claim at once without
/// taking the same row; the lease (pushing <c>next_attempt_at</c>, committed at once) keeps the row away from other
/// hosts while it is being sent, and brings it back if this host dies. Only the oldest queued message of each
/// (channel, recipient) is claimable, so one recipient's messages go out in the order they were queued, even
/// across hosts.
/// </summary>
internal sealed class OutboundClaims(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string ClaimSql = """
        WITH due AS (
            SELECT m.id, c.plugin_id, coalesce(c.enabled, false) AS enabled, coalesce(c.xmin::text, '') AS revision
            FROM channels.outbound_messages m
            LEFT JOIN channels.channel_instances c ON c.id = m.channel_id
            WHERE m.status = 'queued' AND m.next_attempt_at <= @now
              AND NOT EXISTS (
                  SELECT 1 FROM channels.outbound_messages p
                  WHERE p.status = 'queued' AND p.channel_id = m.channel_id AND p.recipient_key = m.recipient_key
                    AND p.seq < m.seq)
            ORDER BY m.next_attempt_at, m.seq
            LIMIT @batch
            FOR UPDATE OF m SKIP LOCKED)
        UPDATE channels.outbound_messages m
        SET next_attempt_at = @lease_until, attempts = m.attempts + 1
        FROM due
        WHERE m.id = due.id
        RETURNING m.id, m.channel_id, m.payload::text, m.attempts, m.recipient_kind, m.recipient_value, m.recipient_messenger,
                  due.plugin_id, due.enabled, due.revision
        """;

    public async Task<IReadOnlyList<ClaimedOutbound>> ClaimAsync(int batchSize, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var command = dataSource.CreateCommand(ClaimSql);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("batch", batchSize);
        command.Parameters.AddWithValue("lease_until", now + lease);
        var claimed = new List<ClaimedOutbound>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new ClaimedOutbound(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4),
                reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetBoolean(8), reader.GetString(9)));
        }

        return claimed;
    }
}
