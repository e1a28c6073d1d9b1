using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ModularDesk.Channels.Contracts.Inbox;
using ModularDesk.Channels.Outbound;
using ModularDesk.Channels.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace ModularDesk.Channels.Inbox;

/// <summary>
/// Stores a validated inbound message exactly once per (channel, external message id) and returns only after
/// the commit. The unique index does the deduplication, not a read-then-write: concurrent posts of one message
/// race on <c>INSERT … ON CONFLICT DO NOTHING</c>, one wins, the others wait for its commit and see the row.
/// The <see cref="InboundMessageReceived"/> event goes to the outbox in the same transaction.
/// </summary>
internal sealed class InboxWriter(ChannelsDbContext db, TimeProvider clock)
{
    // One statement, one round trip: the inbox row and, only when it is new, the sender's last-inbound time on this
    // channel (the start of the 24-hour messaging window the outbound queue checks).
    private const string InsertSql = """
        WITH inserted AS (
            INSERT INTO channels.inbox_messages
                (id, channel_id, external_message_id, payload, received_at, status, attempts, next_attempt_at)
            VALUES (@id, @channel_id, @external_message_id, @payload, @received_at, 'pending', 0, @received_at)
            ON CONFLICT (channel_id, external_message_id) DO NOTHING
            RETURNING id),
        contact AS (
            INSERT INTO channels.contact_last_inbound (channel_id, address_key, last_inbound_at)
            SELECT @channel_id, @address_key, @last_inbound_at FROM inserted
            ON CONFLICT (channel_id, address_key)
            DO UPDATE SET last_inbound_at = greatest(contact_last_inbound.last_inbound_at, excluded.last_inbound_at))
        SELECT id FROM inserted
        """;

    private const string ExistingSql = """
        SELECT id FROM channels.inbox_messages WHERE channel_id = @channel_id AND external_message_id = @external_message_id
        """;

    public async Task<InboxAcceptance> AcceptAsync(Guid channelId, InboundMessageData message, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Serialize(message, InboxPayloadJson.Options);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var dbTransaction = (NpgsqlTransaction)transaction.GetDbTransaction();

        var id = Guid.CreateVersion7();
        await using (var insert = new NpgsqlCommand(InsertSql, connection, dbTransaction))
        {
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("channel_id", channelId);
            insert.Parameters.AddWithValue("external_message_id", message.ExternalMessageId);
            insert.Parameters.AddWithValue("payload", NpgsqlDbType.Jsonb, payload);
            var receivedAt = clock.GetUtcNow();
            insert.Parameters.AddWithValue("received_at", receivedAt);
            insert.Parameters.AddWithValue("address_key", ContactKey.From(message.From.Kind, message.From.Value, message.From.Messenger));

            // The window starts when the client wrote (a backlog read late must not open it), never in the future.
            insert.Parameters.AddWithValue("last_inbound_at", message.SentAt is { } sent && sent < receivedAt ? sent.ToUniversalTime() : receivedAt);
            if (await insert.ExecuteScalarAsync(cancellationToken) is Guid inserted)
            {
                db.Publish(new InboundMessageReceived(inserted, channelId));
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new InboxAcceptance(inserted, Duplicate: false);
            }
        }

        // The conflicting row is committed (ON CONFLICT waited for it), so a fresh statement sees it.
        await using var existing = new NpgsqlCommand(ExistingSql, connection, dbTransaction);
        existing.Parameters.AddWithValue("channel_id", channelId);
        existing.Parameters.AddWithValue("external_message_id", message.ExternalMessageId);
        var existingId = (Guid)(await existing.ExecuteScalarAsync(cancellationToken)
            ?? throw new DbUpdateException("The inbox row that conflicted is gone."));
        await transaction.RollbackAsync(cancellationToken);
        return new InboxAcceptance(existingId, Duplicate: true);
    }
}
