using System.Text.Json;
using ModularDesk.Channels.Contracts.Inbox;
using Npgsql;

namespace ModularDesk.Channels.Inbox;

/// <summary><see cref="IInbox"/> on <c>channels.inbox_messages</c>; see the interface for the lease rules.</summary>
internal sealed class InboxStore(NpgsqlDataSource dataSource, TimeProvider clock) : IInbox
{
    // enable_sort off for the claim's transaction: the index yields (next_attempt_at, id) order, but statistics taken
    // before a backlog arrived say "a few pending rows", and the planner then reads and sorts the whole backlog for
    // every batch instead of walking the index for one batch.
    private const string ClaimSql = """
        SET LOCAL enable_sort = off;
        WITH due AS (
            SELECT id FROM channels.inbox_messages
            WHERE status = 'pending' AND next_attempt_at <= @now
            ORDER BY next_attempt_at, id
            LIMIT @batch
            FOR UPDATE SKIP LOCKED)
        UPDATE channels.inbox_messages m
        SET next_attempt_at = @lease_until, attempts = m.attempts + 1
        FROM due
        WHERE m.id = due.id
        RETURNING m.id, m.channel_id,
                  coalesce((SELECT c.plugin_id FROM channels.channel_instances c WHERE c.id = m.channel_id), ''),
                  m.payload::text, m.received_at, m.attempts - 1
        """;

    private const string SelectSql = """
        SELECT m.id, m.channel_id,
               coalesce((SELECT c.plugin_id FROM channels.channel_instances c WHERE c.id = m.channel_id), ''),
               m.payload::text, m.received_at, m.attempts
        FROM channels.inbox_messages m
        WHERE m.id = @id
        """;

    public async Task<IReadOnlyList<ClaimedInboxMessage>> ClaimPendingAsync(
        int batchSize, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(ClaimSql, connection, transaction);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("batch", batchSize);
        command.Parameters.AddWithValue("lease_until", now + lease);
        var claimed = await ReadAsync(command, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return claimed.OrderBy(m => m.ReceivedAt).ThenBy(m => m.InboxId).ToList();
    }

    public async Task MarkProcessedAsync(Guid inboxId, Guid ticketId, Guid clientId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE channels.inbox_messages
            SET status = 'processed', ticket_id = @ticket_id, client_id = @client_id, processed_at = @now, error = NULL
            WHERE id = @id
            """);
        command.Parameters.AddWithValue("id", inboxId);
        command.Parameters.AddWithValue("ticket_id", ticketId);
        command.Parameters.AddWithValue("client_id", clientId);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkProcessedAsync(IReadOnlyList<ProcessedInboxMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand("""
            UPDATE channels.inbox_messages m
            SET status = 'processed', ticket_id = u.ticket_id, client_id = u.client_id, processed_at = @now, error = NULL
            FROM unnest(@ids, @ticket_ids, @client_ids) AS u(id, ticket_id, client_id)
            WHERE m.id = u.id
            """);
        command.Parameters.AddWithValue("ids", messages.Select(m => m.InboxId).ToArray());
        command.Parameters.AddWithValue("ticket_ids", messages.Select(m => m.TicketId).ToArray());
        command.Parameters.AddWithValue("client_ids", messages.Select(m => m.ClientId).ToArray());
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkFailedAsync(Guid inboxId, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE channels.inbox_messages
            SET status = CASE WHEN @retry_at IS NULL THEN 'failed' ELSE 'pending' END,
                next_attempt_at = coalesce(@retry_at, next_attempt_at),
                error = @error
            WHERE id = @id AND status <> 'processed'
            """);
        command.Parameters.AddWithValue("id", inboxId);
        command.Parameters.AddWithValue("error", error);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("retry_at", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = retryAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ClaimedInboxMessage?> FindAsync(Guid inboxId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectSql);
        command.Parameters.AddWithValue("id", inboxId);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    private static async Task<List<ClaimedInboxMessage>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var result = new List<ClaimedInboxMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var message = JsonSerializer.Deserialize<InboundMessageData>(reader.GetString(3), InboxPayloadJson.Options)
                          ?? throw new InvalidOperationException("An inbox payload is empty.");
            result.Add(new ClaimedInboxMessage(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), message,
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt32(5)));
        }

        return result;
    }
}
