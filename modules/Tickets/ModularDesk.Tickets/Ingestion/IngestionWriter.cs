using System.Buffers.Binary;
using System.Text.Json;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.BuildingBlocks.Outbox;
using ModularDesk.Tickets.Contracts.Events;
using ModularDesk.Tickets.Messages;
using ModularDesk.Tickets.Routing;
using ModularDesk.Tickets.Tickets;
using Npgsql;
using NpgsqlTypes;

namespace ModularDesk.Tickets.Ingestion;

/// <summary>
/// Files a batch of prepared inbox messages into tickets in ONE transaction and a fixed number of round trips,
/// whatever the batch size: (1) per-client advisory locks + every threading lookup (+ a savepoint), routing of the new
/// tickets on the same transaction (<see cref="IngestionRouting"/>: the router's version read and one round-robin upsert
/// per team), (2) new tickets with their routing decided (numbers come back), (3) messages, attachments, ticket updates,
/// receipts, routing requests (only for tickets routing could not decide) and outbox events, then commit.
/// No EF change tracking on this path: arrays go in through <c>unnest</c>.
/// <para>
/// Idempotency: <c>inbox_receipts</c> (primary key = inbox id) is written in the same transaction, and looked up
/// after the locks are held, so a message re-claimed after a crash (or by a second worker whose lease overlapped)
/// is recognised and not filed twice. The per-client advisory locks make two workers handling the same client
/// wait for each other, so threading sees the other's ticket and per-client order is kept.
/// </para>
/// </summary>
internal sealed class IngestionWriter(NpgsqlDataSource dataSource, IngestionOptions options, IngestionRouting routing, TimeProvider clock)
{
    /// <summary>First key of the two-key advisory lock: "tickets ingestion, per client".</summary>
    private const int LockNamespace = 0x54494B31;

    private const string TicketColumns =
        "t.id, t.number, t.subject, t.client_id, t.organization_id, t.channel_id, t.channel_type, t.status, t.resolved_at, " +
        "t.is_vip, t.language, t.conversation_key";

    private static readonly ChangeActor SystemActor = new("system", null, "Ingestion");
    private static readonly ChangeActor RoutingActor = new("system", null, "Routing");

    public async Task<Dictionary<Guid, IngestedMessage>> FindReceiptsAsync(Guid[] inboxIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT inbox_id, ticket_id, client_id FROM tickets.inbox_receipts WHERE inbox_id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", inboxIds);
        var result = new Dictionary<Guid, IngestedMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetGuid(0)] = new IngestedMessage(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2));
        }

        return result;
    }

    /// <param name="batch">The messages, in order.</param>
    /// <param name="routeInline">
    /// Route the new tickets in this transaction (when <see cref="IngestionOptions.RouteInline"/> too); false queues them
    /// for the routing worker (the one-by-one re-filing after a failed batch does, so a router that breaks the
    /// connection cannot fail the messages).
    /// </param>
    /// <param name="cancellationToken">Cancels the write (nothing is committed).</param>
    public async Task<IngestionWriteResult> WriteAsync(
        IReadOnlyList<PreparedMessage> batch, bool routeInline, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        routeInline &= options.RouteInline;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var lookups = await LookUpAsync(connection, transaction, batch, routeInline, cancellationToken);
        var plan = Plan(batch, lookups, now);

        // Spam is kept but not routed: nobody should be assigned to it.
        var toRoute = plan.NewTickets.Where(t => t.Status != TicketStatuses.Spam).ToList();
        if (toRoute.Count > 0)
        {
            if (routeInline)
            {
                await routing.RouteAsync(transaction, toRoute, now, cancellationToken);
            }
            else
            {
                toRoute.ForEach(t => t.QueueForRouting = true);
            }
        }

        if (plan.NewTickets.Count > 0)
        {
            await InsertTicketsAsync(connection, transaction, plan.NewTickets, now, cancellationToken);
        }

        await using (var writes = new NpgsqlBatch(connection, transaction))
        {
            AddTicketUpdates(writes, plan, now);
            AddMessages(writes, plan);
            AddEdits(writes, plan);
            AddAttachments(writes, plan, now);
            AddReceipts(writes, plan, now);
            AddRoutingRequests(writes, plan, now);
            AddOutbox(writes, BuildEvents(plan, now));
            if (writes.BatchCommands.Count > 0)
            {
                await writes.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new IngestionWriteResult(plan.Ingested, plan.NewTickets.Count(t => t.QueueForRouting));
    }

    // ---- (1) locks and lookups -------------------------------------------------------------------------------

    private sealed class Lookups
    {
        public Dictionary<Guid, IngestedMessage> Receipts { get; } = [];

        public Dictionary<Guid, ThreadTicket> Tickets { get; } = [];

        /// <summary>Email Message-ID → tickets holding a message with it.</summary>
        public Dictionary<string, List<ThreadTicket>> ByMessageId { get; } = new(StringComparer.Ordinal);

        public Dictionary<long, ThreadTicket> ByNumber { get; } = [];

        /// <summary>(conversation key, client) → the newest ticket of that conversation.</summary>
        public Dictionary<(string Key, Guid ClientId), ThreadTicket> ByConversation { get; } = [];

        /// <summary>(channel, external id) → the message (for edits).</summary>
        public Dictionary<(Guid ChannelId, string ExternalId), (Guid MessageId, ThreadTicket Ticket)> ByExternalId { get; } = [];
    }

    private static async Task<Lookups> LookUpAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PreparedMessage> batch, bool savepoint,
        CancellationToken cancellationToken)
    {
        var lockKeys = batch.Select(p => LockKey(p.Sender.ClientId)).Distinct().Order().ToArray();
        var inboxIds = batch.Select(p => p.Inbox.InboxId).ToArray();
        var references = new HashSet<string>(StringComparer.Ordinal);
        var numbers = new HashSet<long>();
        var conversations = new HashSet<string>(StringComparer.Ordinal);
        var editChannels = new HashSet<Guid>();
        var editIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var prepared in batch)
        {
            var message = prepared.Inbox.Message;
            if (message.IsEdit && !string.IsNullOrWhiteSpace(message.EditOf))
            {
                editChannels.Add(prepared.Inbox.ChannelId);
                editIds.Add(Threading.StoredExternalId(message, message.EditOf));
            }

            if (Threading.IsEmail(message))
            {
                references.UnionWith(Threading.EmailReferences(message));
                if (Threading.TicketNumberIn(message.Subject) is { } number)
                {
                    numbers.Add(number);
                }
            }
            else
            {
                conversations.Add(Threading.ConversationKey(prepared.Inbox.ChannelId, message));
            }
        }

        await using var command = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command("SELECT pg_advisory_xact_lock(@ns, k) FROM unnest(@keys) AS k",
                    ("ns", LockNamespace), ("keys", lockKeys)),
                Command("SELECT inbox_id, ticket_id, client_id FROM tickets.inbox_receipts WHERE inbox_id = ANY(@ids)",
                    ("ids", inboxIds)),
                Command($"""
                    SELECT m.external_message_id, {TicketColumns}
                    FROM tickets.messages m JOIN tickets.tickets t ON t.id = m.ticket_id
                    WHERE m.external_message_id = ANY(@refs)
                    """, ("refs", references.ToArray())),
                Command($"SELECT {TicketColumns} FROM tickets.tickets t WHERE t.number = ANY(@numbers)",
                    ("numbers", numbers.ToArray())),
                Command($"""
                    SELECT DISTINCT ON (t.conversation_key, t.client_id) {TicketColumns}
                    FROM tickets.tickets t WHERE t.conversation_key = ANY(@keys)
                    ORDER BY t.conversation_key, t.client_id, t.id DESC
                    """, ("keys", conversations.ToArray())),
                Command($"""
                    SELECT m.channel_id, m.external_message_id, m.id, {TicketColumns}
                    FROM tickets.messages m JOIN tickets.tickets t ON t.id = m.ticket_id
                    WHERE m.external_message_id = ANY(@ids) AND m.channel_id = ANY(@channels)
                    """, ("ids", editIds.ToArray()), ("channels", editChannels.ToArray())),
            },
        };
        if (savepoint)
        {
            // Routing runs next on this transaction; a router failure rolls back to here (last: it returns no rows).
            command.BatchCommands.Add(new NpgsqlBatchCommand($"SAVEPOINT {IngestionRouting.Savepoint}"));
        }

        var lookups = new Lookups();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // advisory locks: nothing to read
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lookups.Receipts[reader.GetGuid(0)] = new IngestedMessage(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2));
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var ticket = ReadTicket(reader, 1, lookups);
            var key = reader.GetString(0);
            if (!lookups.ByMessageId.TryGetValue(key, out var list))
            {
                lookups.ByMessageId[key] = list = [];
            }

            if (!list.Contains(ticket))
            {
                list.Add(ticket);
            }
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var ticket = ReadTicket(reader, 0, lookups);
            lookups.ByNumber[ticket.Number] = ticket;
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var ticket = ReadTicket(reader, 0, lookups);
            lookups.ByConversation[(ticket.ConversationKey!, ticket.ClientId)] = ticket;
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var ticket = ReadTicket(reader, 3, lookups);
            lookups.ByExternalId[(reader.GetGuid(0), reader.GetString(1))] = (reader.GetGuid(2), ticket);
        }

        return lookups;
    }

    private static ThreadTicket ReadTicket(NpgsqlDataReader reader, int at, Lookups lookups)
    {
        var id = reader.GetGuid(at);
        if (lookups.Tickets.TryGetValue(id, out var known))
        {
            return known;
        }

        var ticket = new ThreadTicket
        {
            Id = id,
            Number = reader.GetInt64(at + 1),
            Subject = reader.GetString(at + 2),
            ClientId = reader.GetGuid(at + 3),
            OrganizationId = reader.IsDBNull(at + 4) ? null : reader.GetGuid(at + 4),
            ChannelId = reader.GetGuid(at + 5),
            ChannelType = reader.GetString(at + 6),
            Status = reader.GetString(at + 7),
            ResolvedAt = reader.IsDBNull(at + 8) ? null : reader.GetFieldValue<DateTimeOffset>(at + 8),
            IsVip = reader.GetBoolean(at + 9),
            Language = reader.IsDBNull(at + 10) ? null : reader.GetString(at + 10),
            ConversationKey = reader.IsDBNull(at + 11) ? null : reader.GetString(at + 11),
        };
        lookups.Tickets[id] = ticket;
        return ticket;
    }

    // ---- (2) threading decisions, in batch order --------------------------------------------------------------

    private sealed class WritePlan
    {
        public List<IngestedMessage> Ingested { get; } = [];

        public List<ThreadTicket> NewTickets { get; } = [];

        public Dictionary<Guid, ThreadTicket> Touched { get; } = [];

        public List<PlannedMessage> Messages { get; } = [];

        public List<(Guid MessageId, string? Text, string? Html, DateTimeOffset At)> Edits { get; } = [];

        public List<(Guid InboxId, Guid TicketId, Guid ClientId, Guid MessageId)> Receipts { get; } = [];
    }

    private sealed record PlannedMessage(Guid Id, ThreadTicket Ticket, PreparedMessage Source, string? ExternalId, DateTimeOffset SentAt);

    private WritePlan Plan(IReadOnlyList<PreparedMessage> batch, Lookups lookups, DateTimeOffset now)
    {
        var plan = new WritePlan();
        var reopenAfter = now.AddDays(-options.ReopenWithinDays);

        // Messages are listed by id. Version 7 ids made within one millisecond are in random order, so the batch's
        // ids are made up front and handed out sorted: a ticket shows its messages in the order they were written.
        var messageIds = new Queue<Guid>(Enumerable.Range(0, batch.Count).Select(_ => Guid.CreateVersion7(now)).Order());
        foreach (var prepared in batch)
        {
            var inbox = prepared.Inbox;
            var message = inbox.Message;
            var clientId = prepared.Sender.ClientId;
            if (lookups.Receipts.TryGetValue(inbox.InboxId, out var done))
            {
                plan.Ingested.Add(done);
                continue;
            }

            var externalId = Threading.StoredExternalId(message, message.ExternalMessageId);
            if (message.IsEdit && !string.IsNullOrWhiteSpace(message.EditOf)
                && lookups.ByExternalId.TryGetValue((inbox.ChannelId, Threading.StoredExternalId(message, message.EditOf)), out var original))
            {
                plan.Edits.Add((original.MessageId, message.Text, prepared.Html, now));
                plan.Receipts.Add((inbox.InboxId, original.Ticket.Id, clientId, original.MessageId));
                plan.Ingested.Add(new IngestedMessage(inbox.InboxId, original.Ticket.Id, clientId));
                continue;
            }

            var ticket = FindThread(prepared, lookups, reopenAfter);
            if (ticket is null)
            {
                ticket = new ThreadTicket
                {
                    Id = Guid.CreateVersion7(),
                    Subject = Threading.SubjectFor(message),
                    ClientId = clientId,
                    OrganizationId = prepared.Sender.OrganizationId,
                    ChannelId = inbox.ChannelId,
                    ChannelType = inbox.PluginId,
                    Status = prepared.Sender.IsBlocked ? TicketStatuses.Spam : TicketStatuses.New,
                    IsVip = prepared.Sender.IsVip,
                    Language = prepared.Sender.Language,
                    ConversationKey = Threading.IsEmail(message) ? null : Threading.ConversationKey(inbox.ChannelId, message),
                    IsNew = true,
                    FirstText = !string.IsNullOrEmpty(message.Text) ? message.Text : prepared.Html,
                };
                plan.NewTickets.Add(ticket);
                lookups.Tickets[ticket.Id] = ticket;
                if (ticket.ConversationKey is not null)
                {
                    lookups.ByConversation[(ticket.ConversationKey, clientId)] = ticket;
                }
            }
            else if (!ticket.IsNew)
            {
                if (TicketStatuses.IsDone(ticket.Status) || ticket.Status == TicketStatuses.Pending)
                {
                    // The client wrote again: a resolved ticket reopens, a pending one is back on the agents' side.
                    ticket.ReopenedFrom ??= ticket.Status;
                    ticket.Status = TicketStatuses.Open;
                    ticket.ResolvedAt = null;
                }

                ticket.IsVip |= prepared.Sender.IsVip;
                ticket.Touched = true;
                plan.Touched[ticket.Id] = ticket;
            }

            var sentAt = (message.SentAt ?? inbox.ReceivedAt).ToUniversalTime();
            var planned = new PlannedMessage(messageIds.Dequeue(), ticket, prepared, externalId, sentAt);
            plan.Messages.Add(planned);
            plan.Receipts.Add((inbox.InboxId, ticket.Id, clientId, planned.Id));
            plan.Ingested.Add(new IngestedMessage(inbox.InboxId, ticket.Id, clientId));

            // Later messages of the same batch thread onto what this one made.
            if (Threading.IsEmail(message))
            {
                if (!lookups.ByMessageId.TryGetValue(externalId, out var list))
                {
                    lookups.ByMessageId[externalId] = list = [];
                }

                list.Add(ticket);
            }

            lookups.ByExternalId[(inbox.ChannelId, externalId)] = (planned.Id, ticket);
        }

        return plan;
    }

    private static ThreadTicket? FindThread(PreparedMessage prepared, Lookups lookups, DateTimeOffset reopenAfter)
    {
        var message = prepared.Inbox.Message;
        var clientId = prepared.Sender.ClientId;
        if (Threading.IsEmail(message))
        {
            // Headers are hints, not credentials: only a ticket of this very client qualifies (a forged
            // In-Reply-To from another sender starts a new ticket).
            foreach (var reference in Threading.EmailReferences(message))
            {
                if (lookups.ByMessageId.TryGetValue(reference, out var candidates)
                    && candidates.FirstOrDefault(t => t.ClientId == clientId) is { } match)
                {
                    return match;
                }
            }

            return Threading.TicketNumberIn(message.Subject) is { } number
                   && lookups.ByNumber.TryGetValue(number, out var byNumber)
                   && byNumber.ClientId == clientId
                ? byNumber
                : null;
        }

        var key = Threading.ConversationKey(prepared.Inbox.ChannelId, message);
        if (!lookups.ByConversation.TryGetValue((key, clientId), out var ticket))
        {
            return null;
        }

        if (!TicketStatuses.IsDone(ticket.Status))
        {
            return ticket;
        }

        return ticket.ResolvedAt is { } resolvedAt && resolvedAt >= reopenAfter ? ticket : null;
    }

    // ---- (3) writes ------------------------------------------------------------------------------------------

    private static async Task InsertTicketsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<ThreadTicket> tickets, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO tickets.tickets
                (id, subject, status, priority, channel_id, channel_type, client_id, organization_id, assignee_agent_id, team_id,
                 tags, is_vip, language, conversation_key, fired_rules, resolved_at, created_at, updated_at, last_message_at)
            SELECT u.id, u.subject, u.status, u.priority, u.channel_id, u.channel_type, u.client_id, u.organization_id,
                   u.assignee, u.team, coalesce((SELECT array_agg(tag) FROM jsonb_array_elements_text(u.tags::jsonb) AS tag), '{}'),
                   u.is_vip, u.language, u.conversation_key, u.fired_rules::jsonb, u.resolved_at, @now, @now, @now
            FROM unnest(@ids, @subjects, @statuses, @priorities, @channel_ids, @channel_types, @client_ids, @organization_ids,
                        @assignees, @teams, @tags, @vips, @languages, @conversation_keys, @fired_rules, @resolved)
                 AS u(id, subject, status, priority, channel_id, channel_type, client_id, organization_id, assignee, team, tags,
                      is_vip, language, conversation_key, fired_rules, resolved_at)
            RETURNING id, number
            """, connection, transaction);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("ids", tickets.Select(t => t.Id).ToArray());
        command.Parameters.AddWithValue("subjects", tickets.Select(t => t.Subject).ToArray());
        command.Parameters.AddWithValue("statuses", tickets.Select(t => t.Status).ToArray());
        command.Parameters.AddWithValue("priorities", tickets.Select(t => t.Priority).ToArray());
        command.Parameters.Add(Nullable("assignees", tickets.Select(t => t.AssigneeAgentId).ToArray()));
        command.Parameters.Add(Nullable("teams", tickets.Select(t => t.TeamId).ToArray()));
        command.Parameters.AddWithValue("tags", tickets.Select(t => JsonSerializer.Serialize(t.Tags)).ToArray());
        command.Parameters.AddWithValue("fired_rules", tickets.Select(t => t.FiredRules).ToArray());
        command.Parameters.Add(new NpgsqlParameter("resolved", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = tickets.Select(t => t.ResolvedAt).ToArray(),
        });
        command.Parameters.AddWithValue("channel_ids", tickets.Select(t => t.ChannelId).ToArray());
        command.Parameters.AddWithValue("channel_types", tickets.Select(t => t.ChannelType).ToArray());
        command.Parameters.AddWithValue("client_ids", tickets.Select(t => t.ClientId).ToArray());
        command.Parameters.Add(Nullable("organization_ids", tickets.Select(t => t.OrganizationId).ToArray()));
        command.Parameters.AddWithValue("vips", tickets.Select(t => t.IsVip).ToArray());
        command.Parameters.Add(Texts("languages", tickets.Select(t => t.Language).ToArray()));
        command.Parameters.Add(Texts("conversation_keys", tickets.Select(t => t.ConversationKey).ToArray()));

        var byId = tickets.ToDictionary(t => t.Id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            byId[reader.GetGuid(0)].Number = reader.GetInt64(1);
        }
    }

    private static void AddTicketUpdates(NpgsqlBatch batch, WritePlan plan, DateTimeOffset now)
    {
        var touched = plan.Touched.Values.ToList();
        if (touched.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(Command("""
            UPDATE tickets.tickets t
            SET last_message_at = @now, updated_at = @now, status = u.status, resolved_at = u.resolved_at, is_vip = u.is_vip
            FROM unnest(@ids, @statuses, @resolved, @vips) AS u(id, status, resolved_at, is_vip)
            WHERE t.id = u.id
            """,
            ("now", now),
            ("ids", touched.Select(t => t.Id).ToArray()),
            ("statuses", touched.Select(t => t.Status).ToArray()),
            ("resolved", new NpgsqlParameter("resolved", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
            {
                Value = touched.Select(t => t.ResolvedAt).ToArray(),
            }),
            ("vips", touched.Select(t => t.IsVip).ToArray())));
    }

    private static void AddMessages(NpgsqlBatch batch, WritePlan plan)
    {
        var messages = plan.Messages;
        if (messages.Count == 0)
        {
            return;
        }

        var command = Command("""
            INSERT INTO tickets.messages
                (id, ticket_id, client_id, direction, author_name, sender_kind, sender_value, sender_scope, text, html,
                 channel_id, external_message_id, inbox_id, sent_at, created_at)
            SELECT u.id, u.ticket_id, u.client_id, 'in', u.author_name, u.sender_kind, u.sender_value, u.sender_scope, u.text,
                   u.html, u.channel_id, u.external_message_id, u.inbox_id, u.sent_at, u.created_at
            FROM unnest(@ids, @ticket_ids, @client_ids, @author_names, @sender_kinds, @sender_values, @sender_scopes, @texts,
                        @htmls, @channel_ids, @external_ids, @inbox_ids, @sent_at, @created_at)
                 AS u(id, ticket_id, client_id, author_name, sender_kind, sender_value, sender_scope, text, html, channel_id,
                      external_message_id, inbox_id, sent_at, created_at)
            """,
            ("ids", messages.Select(m => m.Id).ToArray()),
            ("ticket_ids", messages.Select(m => m.Ticket.Id).ToArray()),
            ("client_ids", messages.Select(m => m.Source.Sender.ClientId).ToArray()),
            ("author_names", messages.Select(m => m.Source.Sender.Name).ToArray()),
            ("sender_kinds", messages.Select(m => m.Source.Inbox.Message.From.Kind).ToArray()),
            ("sender_values", messages.Select(m => m.Source.Inbox.Message.From.Value).ToArray()),
            ("channel_ids", messages.Select(m => m.Source.Inbox.ChannelId).ToArray()),
            ("inbox_ids", messages.Select(m => m.Source.Inbox.InboxId).ToArray()),
            ("sent_at", messages.Select(m => m.SentAt).ToArray()),
            ("created_at", messages.Select(m => m.Source.Inbox.ReceivedAt.ToUniversalTime()).ToArray()));
        command.Parameters.Add(Texts("sender_scopes", messages.Select(m => m.Source.Inbox.Message.From.Messenger).ToArray()));
        command.Parameters.Add(Texts("texts", messages.Select(m => m.Source.Inbox.Message.Text).ToArray()));
        command.Parameters.Add(Texts("htmls", messages.Select(m => m.Source.Html).ToArray()));
        command.Parameters.Add(Texts("external_ids", messages.Select(m => m.ExternalId).ToArray()));
        batch.BatchCommands.Add(command);
    }

    private static void AddEdits(NpgsqlBatch batch, WritePlan plan)
    {
        if (plan.Edits.Count == 0)
        {
            return;
        }

        var command = Command("""
            UPDATE tickets.messages m SET text = u.text, html = u.html, edited_at = u.at
            FROM unnest(@ids, @texts, @htmls, @ats) AS u(id, text, html, at)
            WHERE m.id = u.id
            """,
            ("ids", plan.Edits.Select(e => e.MessageId).ToArray()),
            ("ats", plan.Edits.Select(e => e.At).ToArray()));
        command.Parameters.Add(Texts("texts", plan.Edits.Select(e => e.Text).ToArray()));
        command.Parameters.Add(Texts("htmls", plan.Edits.Select(e => e.Html).ToArray()));
        batch.BatchCommands.Add(command);
    }

    private static void AddAttachments(NpgsqlBatch batch, WritePlan plan, DateTimeOffset now)
    {
        var rows = plan.Messages
            .SelectMany(m => m.Source.Attachments.Select(a => (Message: m, Attachment: a)))
            .ToList();
        if (rows.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(Command("""
            INSERT INTO tickets.attachments (id, message_id, ticket_id, client_id, name, content_type, storage_key, size, created_at)
            SELECT u.id, u.message_id, u.ticket_id, u.client_id, u.name, u.content_type, u.storage_key, u.size, @now
            FROM unnest(@ids, @message_ids, @ticket_ids, @client_ids, @names, @types, @keys, @sizes)
                 AS u(id, message_id, ticket_id, client_id, name, content_type, storage_key, size)
            """,
            ("now", now),
            ("ids", rows.Select(r => r.Attachment.Id).ToArray()),
            ("message_ids", rows.Select(r => r.Message.Id).ToArray()),
            ("ticket_ids", rows.Select(r => r.Message.Ticket.Id).ToArray()),
            ("client_ids", rows.Select(r => r.Message.Source.Sender.ClientId).ToArray()),
            ("names", rows.Select(r => r.Attachment.Name).ToArray()),
            ("types", rows.Select(r => r.Attachment.ContentType).ToArray()),
            ("keys", rows.Select(r => r.Attachment.StorageKey).ToArray()),
            ("sizes", rows.Select(r => r.Attachment.Size).ToArray())));
    }

    private static void AddReceipts(NpgsqlBatch batch, WritePlan plan, DateTimeOffset now)
    {
        if (plan.Receipts.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(Command("""
            INSERT INTO tickets.inbox_receipts (inbox_id, ticket_id, client_id, message_id, processed_at)
            SELECT u.inbox_id, u.ticket_id, u.client_id, u.message_id, @now
            FROM unnest(@inbox_ids, @ticket_ids, @client_ids, @message_ids) AS u(inbox_id, ticket_id, client_id, message_id)
            """,
            ("now", now),
            ("inbox_ids", plan.Receipts.Select(r => r.InboxId).ToArray()),
            ("ticket_ids", plan.Receipts.Select(r => r.TicketId).ToArray()),
            ("client_ids", plan.Receipts.Select(r => r.ClientId).ToArray()),
            ("message_ids", plan.Receipts.Select(r => r.MessageId).ToArray())));
    }

    private static void AddRoutingRequests(NpgsqlBatch batch, WritePlan plan, DateTimeOffset now)
    {
        // Only what routing did not decide in this transaction (router failed, timed out, absent, or not run inline):
        // a ticket routed here commits with its decision, so it needs no request to survive a crash.
        var ids = plan.NewTickets.Where(t => t.QueueForRouting).Select(t => t.Id).ToArray();
        if (ids.Length == 0)
        {
            return;
        }

        batch.BatchCommands.Add(Command("""
            INSERT INTO tickets.routing_queue (ticket_id, enqueued_at, next_attempt_at, attempts)
            SELECT id, @now, @now, 0 FROM unnest(@ids) AS id
            ON CONFLICT DO NOTHING
            """, ("now", now), ("ids", ids)));
    }

    private static List<IntegrationEvent> BuildEvents(WritePlan plan, DateTimeOffset now)
    {
        var events = new List<IntegrationEvent>();
        var tick = 0;
        DateTimeOffset Next() => now.AddTicks(tick++);

        foreach (var ticket in plan.NewTickets)
        {
            events.Add(new TicketCreated(
                ticket.Id, ticket.Number, ticket.Subject, ticket.ClientId, ticket.OrganizationId, ticket.ChannelId,
                ticket.ChannelType, ticket.RoutedFrom ?? ticket.Status, ticket.IsVip, now, ChannelActor(ticket)) { OccurredAt = Next() });
        }

        // A status set by routing reads in the history as before: created, then changed by routing.
        foreach (var ticket in plan.NewTickets.Where(t => t.RoutedFrom is not null))
        {
            events.Add(new TicketStatusChanged(ticket.Id, ticket.Number, ticket.ClientId, ticket.RoutedFrom!, ticket.Status, RoutingActor)
                { OccurredAt = Next() });
        }

        foreach (var ticket in plan.Touched.Values.Where(t => t.ReopenedFrom is not null))
        {
            events.Add(new TicketStatusChanged(ticket.Id, ticket.Number, ticket.ClientId, ticket.ReopenedFrom!, ticket.Status, ChannelActor(ticket))
                { OccurredAt = Next() });
        }

        foreach (var message in plan.Messages)
        {
            var ticket = message.Ticket;
            var data = message.Source.Inbox.Message;
            events.Add(new TicketMessageAdded(
                message.Id, ticket.Id, ticket.Number, ticket.Subject, message.Source.Sender.ClientId, ticket.OrganizationId,
                message.Source.Inbox.ChannelId, message.Source.Inbox.PluginId, MessageDirections.In, message.Source.Sender.Name,
                "Support", Threading.Excerpt(data.Text, message.Source.Html), message.SentAt) { OccurredAt = Next() });
        }

        return events;
    }

    private static ChangeActor ChannelActor(ThreadTicket ticket) =>
        ticket.ChannelId == Guid.Empty ? SystemActor : new ChangeActor("channel", ticket.ChannelId, ticket.ChannelType);

    private static void AddOutbox(NpgsqlBatch batch, List<IntegrationEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        var rows = events.Select(OutboxMessage.From).ToList();
        batch.BatchCommands.Add(Command("""
            INSERT INTO tickets.outbox_messages (id, event_type, payload, occurred_at, next_attempt_at, attempts)
            SELECT u.id, u.event_type, u.payload::jsonb, u.occurred_at, u.occurred_at, 0
            FROM unnest(@ids, @types, @payloads, @occurred) AS u(id, event_type, payload, occurred_at)
            """,
            ("ids", rows.Select(r => r.Id).ToArray()),
            ("types", rows.Select(r => r.EventType).ToArray()),
            ("payloads", rows.Select(r => r.Payload).ToArray()),
            ("occurred", rows.Select(r => r.OccurredAt.ToUniversalTime()).ToArray())));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    public static int LockKey(Guid clientId)
    {
        Span<byte> bytes = stackalloc byte[16];
        clientId.TryWriteBytes(bytes);
        return BinaryPrimitives.ReadInt32LittleEndian(bytes) ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[4..])
               ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]) ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
    }

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter(name, value));
        }

        return command;
    }

    private static NpgsqlParameter Texts(string name, string?[] values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values };

    private static NpgsqlParameter Nullable(string name, Guid?[] values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = values };
}
