using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ModularDesk.BuildingBlocks.Outbox;
using ModularDesk.Channels.Contracts.Inbox;
using ModularDesk.Channels.Outbound;
using Npgsql;
using NpgsqlTypes;

namespace ModularDesk.Channels.Inbox;

/// <summary>
/// Stores a validated inbound message exactly once per (channel, external message id) and returns only after the
/// commit. <b>Group commit</b>: messages accepted while a write is in flight (webhooks answered at once, a
/// connector's backlog, REST posts) wait in a queue and go to PostgreSQL together, in ONE statement and ONE commit
/// for the whole group: the inbox rows, the senders' last-inbound times (the start of the 24-hour window the
/// outbound queue checks) and one <see cref="InboundMessageReceived"/> per channel of the group (a wake-up for the
/// ingestion, which claims the rows themselves; one per message cost an outbox row and a delivery each). A single
/// message on a quiet desk is written at once, alone; under load the per-message cost of a transaction (round
/// trips, WAL flush, connection) is shared by the group.
/// <para>
/// Idempotency stays with the unique index, not a read-then-write: <c>INSERT … ON CONFLICT DO NOTHING</c> skips
/// what is stored (a conflicting row of another transaction is waited for), and the ids of the skipped ones are
/// read after it, in the same transaction. Duplicates inside one group are folded before the write. Rows go in
/// sorted by key, so two hosts writing overlapping groups take their locks in the same order. Nothing is lost:
/// each caller's task completes only after the commit; a group that fails is written again message by message,
/// so one bad message fails only its own caller.
/// </para>
/// </summary>
internal sealed partial class InboxWriter : IAsyncDisposable
{
    private const string InsertSql = """
        WITH input AS (
            SELECT * FROM unnest(@ids, @channel_ids, @external_ids, @payloads, @received, @address_keys, @last_inbound,
                                 @event_ids, @event_payloads)
                AS u(id, channel_id, external_message_id, payload, received_at, address_key, last_inbound_at, event_id, event_payload)),
        inserted AS (
            INSERT INTO channels.inbox_messages
                (id, channel_id, external_message_id, payload, received_at, status, attempts, next_attempt_at)
            SELECT id, channel_id, external_message_id, payload::jsonb, received_at, 'pending', 0, received_at
            FROM input ORDER BY channel_id, external_message_id
            ON CONFLICT (channel_id, external_message_id) DO NOTHING
            RETURNING id),
        contact AS (
            INSERT INTO channels.contact_last_inbound (channel_id, address_key, last_inbound_at)
            SELECT i.channel_id, i.address_key, max(i.last_inbound_at)
            FROM input i JOIN inserted n ON n.id = i.id
            GROUP BY i.channel_id, i.address_key
            ORDER BY i.channel_id, i.address_key
            ON CONFLICT (channel_id, address_key)
            DO UPDATE SET last_inbound_at = greatest(contact_last_inbound.last_inbound_at, excluded.last_inbound_at)),
        outbox AS (
            INSERT INTO channels.outbox_messages (id, event_type, payload, occurred_at, next_attempt_at, attempts)
            SELECT DISTINCT ON (i.channel_id) i.event_id, @event_type, i.event_payload::jsonb, i.received_at, i.received_at, 0
            FROM input i JOIN inserted n ON n.id = i.id
            ORDER BY i.channel_id, i.id)
        SELECT id FROM inserted
        """;

    private const string ExistingSql = """
        SELECT m.channel_id, m.external_message_id, m.id
        FROM channels.inbox_messages m
        JOIN unnest(@channel_ids, @external_ids) AS k(channel_id, external_message_id)
          ON m.channel_id = k.channel_id AND m.external_message_id = k.external_message_id
        """;

    private static readonly string EventType = OutboxMessage.From(new InboundMessageReceived(Guid.Empty, Guid.Empty)).EventType;

    private readonly NpgsqlDataSource dataSource;
    private readonly TimeProvider clock;
    private readonly ILogger<InboxWriter> logger;
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { AllowSynchronousContinuations = false });
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock startGate = new();
    private readonly int writers;
    private readonly int maxGroup;
    private readonly long maxGroupBytes;
    private Task[]? loops;

    public InboxWriter(NpgsqlDataSource dataSource, TimeProvider clock, IConfiguration configuration, ILogger<InboxWriter> logger)
    {
        this.dataSource = dataSource;
        this.clock = clock;
        this.logger = logger;
        var section = configuration.GetSection("Inbox");
        writers = Math.Clamp(section.GetValue("Writers", 2), 1, 16);
        maxGroup = Math.Clamp(section.GetValue("MaxGroup", 200), 1, 5000);
        maxGroupBytes = Math.Max(section.GetValue("MaxGroupBytes", 4L * 1024 * 1024), 1);
    }

    public async Task<InboxAcceptance> AcceptAsync(Guid channelId, InboundMessageData message, CancellationToken cancellationToken)
    {
        var receivedAt = clock.GetUtcNow();
        var id = Guid.CreateVersion7(receivedAt);
        var received = new InboundMessageReceived(id, channelId) { OccurredAt = receivedAt };
        var pending = new Pending(
            id,
            channelId,
            message.ExternalMessageId,
            JsonSerializer.Serialize(message, InboxPayloadJson.Options),
            receivedAt,
            ContactKey.From(message.From.Kind, message.From.Value, message.From.Messenger),

            // The window starts when the client wrote (a backlog read late must not open it), never in the future.
            message.SentAt is { } sent && sent < receivedAt ? sent.ToUniversalTime() : receivedAt,
            received.EventId,
            OutboxMessage.From(received).Payload,
            cancellationToken);
        EnsureStarted();
        if (!queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(InboxWriter), "The host is stopping.");
        }

        return await pending.Done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await stopping.CancelAsync();
        if (loops is { } running)
        {
            await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        while (queue.Reader.TryRead(out var left))
        {
            left.Done.TrySetException(new ObjectDisposedException(nameof(InboxWriter), "The host stopped before the message was stored."));
        }

        stopping.Dispose();
    }

    private void EnsureStarted()
    {
        if (loops is not null)
        {
            return;
        }

        lock (startGate)
        {
            loops ??= Enumerable.Range(0, writers).Select(_ => Task.Run(() => WriteLoopAsync(stopping.Token))).ToArray();
        }
    }

    private async Task WriteLoopAsync(CancellationToken stop)
    {
        var group = new List<Pending>(maxGroup);
        while (true)
        {
            try
            {
                if (!await queue.Reader.WaitToReadAsync(stop))
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            group.Clear();
            long bytes = 0;
            while (group.Count < maxGroup && bytes < maxGroupBytes && queue.Reader.TryRead(out var next))
            {
                if (next.CancellationToken.IsCancellationRequested)
                {
                    next.Done.TrySetCanceled(next.CancellationToken);
                    continue;
                }

                group.Add(next);
                bytes += next.Payload.Length;
            }

            if (group.Count > 0)
            {
                await WriteGroupAsync(group, stop);
            }
        }
    }

    private async Task WriteGroupAsync(List<Pending> group, CancellationToken stop)
    {
        try
        {
            var results = await WriteAsync(group, stop);
            foreach (var pending in group)
            {
                pending.Done.TrySetResult(results[pending]);
            }

            return;
        }
        catch (Exception ex) when (group.Count > 1 && !stop.IsCancellationRequested)
        {
            LogGroupFailed(ex, group.Count);
        }
        catch (Exception ex)
        {
            foreach (var pending in group)
            {
                pending.Done.TrySetException(ex);
            }

            return;
        }

        // One by one, so one bad message (or a deadlock with another host) fails only its own caller.
        foreach (var pending in group)
        {
            try
            {
                var results = await WriteAsync([pending], stop);
                pending.Done.TrySetResult(results[pending]);
            }
            catch (Exception ex)
            {
                pending.Done.TrySetException(ex);
            }
        }
    }

    private async Task<Dictionary<Pending, InboxAcceptance>> WriteAsync(List<Pending> group, CancellationToken cancellationToken)
    {
        // Duplicates inside the group (a retried webhook racing its original) are written once.
        var distinct = group
            .GroupBy(p => (p.ChannelId, p.ExternalMessageId))
            .Select(g => g.First())
            .ToList();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = new HashSet<Guid>();
        await using (var insert = new NpgsqlCommand(InsertSql, connection, transaction))
        {
            insert.Parameters.AddWithValue("ids", distinct.Select(p => p.Id).ToArray());
            insert.Parameters.AddWithValue("channel_ids", distinct.Select(p => p.ChannelId).ToArray());
            insert.Parameters.AddWithValue("external_ids", distinct.Select(p => p.ExternalMessageId).ToArray());
            insert.Parameters.AddWithValue("payloads", NpgsqlDbType.Array | NpgsqlDbType.Text, distinct.Select(p => p.Payload).ToArray());
            insert.Parameters.AddWithValue("received", distinct.Select(p => p.ReceivedAt).ToArray());
            insert.Parameters.AddWithValue("address_keys", distinct.Select(p => p.AddressKey).ToArray());
            insert.Parameters.AddWithValue("last_inbound", distinct.Select(p => p.LastInboundAt).ToArray());
            insert.Parameters.AddWithValue("event_ids", distinct.Select(p => p.EventId).ToArray());
            insert.Parameters.AddWithValue("event_payloads", NpgsqlDbType.Array | NpgsqlDbType.Text, distinct.Select(p => p.EventPayload).ToArray());
            insert.Parameters.AddWithValue("event_type", EventType);
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted.Add(reader.GetGuid(0));
            }
        }

        var stored = new Dictionary<(Guid, string), (Guid Id, bool Duplicate)>();
        foreach (var pending in distinct.Where(p => inserted.Contains(p.Id)))
        {
            stored[(pending.ChannelId, pending.ExternalMessageId)] = (pending.Id, false);
        }

        var conflicts = distinct.Where(p => !inserted.Contains(p.Id)).ToList();
        if (conflicts.Count > 0)
        {
            // The conflicting rows are committed (ON CONFLICT waited for them), so a fresh statement sees them.
            await using var existing = new NpgsqlCommand(ExistingSql, connection, transaction);
            existing.Parameters.AddWithValue("channel_ids", conflicts.Select(p => p.ChannelId).ToArray());
            existing.Parameters.AddWithValue("external_ids", conflicts.Select(p => p.ExternalMessageId).ToArray());
            await using var reader = await existing.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stored[(reader.GetGuid(0), reader.GetString(1))] = (reader.GetGuid(2), true);
            }
        }

        await transaction.CommitAsync(cancellationToken);

        var results = new Dictionary<Pending, InboxAcceptance>(group.Count);
        foreach (var pending in group)
        {
            if (!stored.TryGetValue((pending.ChannelId, pending.ExternalMessageId), out var row))
            {
                throw new InvalidOperationException("The inbox row that conflicted is gone.");
            }

            // The first of a group's duplicates is the one written; the others are duplicates of it.
            results[pending] = new InboxAcceptance(row.Id, row.Duplicate || row.Id != pending.Id);
        }

        return results;
    }

    [LoggerMessage(LogLevel.Warning, "An inbox group of {Count} messages failed; writing them one by one")]
    private partial void LogGroupFailed(Exception exception, int count);

    private sealed class Pending(
        Guid id, Guid channelId, string externalMessageId, string payload, DateTimeOffset receivedAt, string addressKey,
        DateTimeOffset lastInboundAt, Guid eventId, string eventPayload, CancellationToken cancellationToken)
    {
        public Guid Id { get; } = id;

        public Guid ChannelId { get; } = channelId;

        public string ExternalMessageId { get; } = externalMessageId;

        public string Payload { get; } = payload;

        public DateTimeOffset ReceivedAt { get; } = receivedAt;

        public string AddressKey { get; } = addressKey;

        public DateTimeOffset LastInboundAt { get; } = lastInboundAt;

        public Guid EventId { get; } = eventId;

        public string EventPayload { get; } = eventPayload;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<InboxAcceptance> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
