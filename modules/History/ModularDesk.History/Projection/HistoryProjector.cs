using ModularDesk.Agents.Contracts;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.Channels.Contracts.Outbound;
using ModularDesk.Clients.Contracts.Events;
using ModularDesk.History.EventLog;
using ModularDesk.History.Persistence;
using ModularDesk.History.Timeline;
using ModularDesk.Organizations.Contracts.Events;
using ModularDesk.Tickets.Contracts.Events;
using static ModularDesk.History.Persistence.HistorySql;

namespace ModularDesk.History.Projection;

/// <summary>
/// Applies one consumed event to History's read models. Used by the live handlers and by a rebuild (which replays the
/// event log in the order the handlers applied it), so both give the same models. Every statement tolerates events
/// of different modules arriving in any order and the same fact arriving twice.
/// </summary>
internal sealed class HistoryProjector(HistorySql sql)
{
    private const int MaxMergeChain = 16;

    /// <summary>Orders delivery statuses that carry the same time: a later step wins a tie.</summary>
    private const string StatusRank =
        "CASE {0} WHEN 'queued' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN 4 ELSE -1 END";

    public Task ApplyAsync(IIntegrationEvent e, CancellationToken ct) => e switch
    {
        ClientCreated c => ClientCreatedAsync(c, ct),
        ClientRenamed c => UpsertNameAsync(c.ClientId, "client", c.Name, c.OccurredAt, ct),
        ClientCardChanged c => CardChangedAsync("client", c.ClientId, c.Kind, c.Actor, c.Summary, c.BeforeJson, c.AfterJson, c, ct),
        ClientOrganizationChanged c => ClientOrganizationChangedAsync(c, ct),
        ClientDeleted c => ClientDeletedAsync(c, ct),
        ClientsMerged c => ClientsMergedAsync(c, ct),
        ClientMergeUndone c => ClientMergeUndoneAsync(c, ct),
        OrganizationCreated o => UpsertNameAsync(o.OrganizationId, "organization", o.Name, o.OccurredAt, ct),
        OrganizationRenamed o => UpsertNameAsync(o.OrganizationId, "organization", o.Name, o.OccurredAt, ct),
        OrganizationCardChanged o => CardChangedAsync("organization", o.OrganizationId, o.Kind, o.Actor, o.Summary, o.BeforeJson, o.AfterJson, o, ct),
        OrganizationDeleted o => OrganizationDeletedAsync(o, ct),
        TicketCreated t => TicketCreatedAsync(t, ct),
        TicketMessageAdded t => TicketMessageAddedAsync(t, ct),
        TicketStatusChanged t => TicketStatusChangedAsync(t, ct),
        TicketClientChanged t => TicketClientChangedAsync(t, ct),
        ChatRated t => ChatRatedAsync(t, ct),
        OutboundQueued o => OutboundQueuedAsync(o, ct),
        OutboundStatusChanged o => OutboundStatusChangedAsync(o, ct),
        AgentCreated a => UpsertNameAsync(a.AgentId, "agent", a.Name, a.OccurredAt, ct),
        AgentUpdated a => UpsertNameAsync(a.AgentId, "agent", a.Name, a.OccurredAt, ct),
        _ => Task.CompletedTask,
    };

    /// <summary>
    /// Applies a run of events of one type, in order, with the result of applying them one after another. A run of
    /// <see cref="TicketMessageAdded"/> or <see cref="TicketCreated"/> (one or two per inbound message) takes a fixed
    /// number of statements (<see cref="ApplyTicketRunAsync"/>); other events are applied one by one.
    /// </summary>
    public async Task ApplyManyAsync(IReadOnlyList<IIntegrationEvent> events, CancellationToken ct)
    {
        var run = events.All(e => e is TicketMessageAdded)
            ? events.Select(e => (TicketMessageAdded)e)
                .Select(e => (new TicketRunFacts(e.TicketId, e.TicketNumber, e.Subject, e.ChannelId, e.ChannelType, e.OrganizationId), MessageEntry(e)))
                .ToList()
            : events.All(e => e is TicketCreated)
                ? events.Select(e => (TicketCreated)e)
                    .Select(e => (new TicketRunFacts(e.TicketId, e.Number, e.Subject, e.ChannelId, e.ChannelType, e.OrganizationId), TicketCreatedEntry(e)))
                    .ToList()
                : null;

        // The set-based form relies on every event carrying the ticket's subject and channel type (the contracts say
        // they do; a payload without them is applied the long way, which fills them in from later events).
        if (run is null || run.Count < 2 || run.Exists(r => r.Item1.Subject is null || r.Item1.ChannelType is null))
        {
            foreach (var e in events)
            {
                await ApplyAsync(e, ct);
            }

            return;
        }

        await ApplyTicketRunAsync(run, ct);
    }

    // ---- names -------------------------------------------------------------------------------------------------

    private Task UpsertNameAsync(Guid id, string kind, string name, DateTimeOffset at, CancellationToken ct) =>
        sql.ExecuteAsync(
            """
            INSERT INTO history.names (id, kind, name, name_at, deleted) VALUES ($1, $2, $3, $4, false)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_at = excluded.name_at
            WHERE NOT names.deleted AND (names.name_at IS NULL OR names.name_at <= excluded.name_at)
            """, ct, P(id), P(kind), P(name), P(at));

    /// <remarks>
    /// The card's entries follow its current membership (<c>member_organization_id</c>), taken from <c>names</c> after
    /// the upsert, so an older change arriving late cannot set it back.
    /// </remarks>
    private async Task SetOrganizationAsync(Guid clientId, Guid? organizationId, DateTimeOffset at, CancellationToken ct)
    {
        await sql.ExecuteAsync(
            """
            INSERT INTO history.names (id, kind, organization_id, organization_at, deleted) VALUES ($1, 'client', $2, $3, false)
            ON CONFLICT (id) DO UPDATE SET organization_id = excluded.organization_id, organization_at = excluded.organization_at
            WHERE NOT names.deleted AND (names.organization_at IS NULL OR names.organization_at <= excluded.organization_at)
            """, ct, P(clientId), P(organizationId), P(at));
        await sql.ExecuteAsync(
            """
            UPDATE history.timeline_entries e SET member_organization_id = n.organization_id FROM history.names n
            WHERE n.id = $1 AND e.client_id = $1 AND e.member_organization_id IS DISTINCT FROM n.organization_id
            """, ct, P(clientId));
    }

    private async Task ClientCreatedAsync(ClientCreated e, CancellationToken ct)
    {
        await UpsertNameAsync(e.ClientId, "client", e.Name, e.OccurredAt, ct);
        await SetOrganizationAsync(e.ClientId, e.OrganizationId, e.OccurredAt, ct);
    }

    /// <remarks>
    /// H2 (see architecture.md): entries stay filed under the organization the client was in when they happened, and
    /// all of the client's entries show in the timeline of the organization it belongs to now, like its ticket list.
    /// </remarks>
    private Task ClientOrganizationChangedAsync(ClientOrganizationChanged e, CancellationToken ct) =>
        SetOrganizationAsync(e.ClientId, e.ToOrganizationId, e.OccurredAt, ct);

    private async Task OrganizationDeletedAsync(OrganizationDeleted e, CancellationToken ct)
    {
        await sql.ExecuteAsync(
            """
            INSERT INTO history.names (id, kind, deleted) VALUES ($1, 'organization', true)
            ON CONFLICT (id) DO UPDATE SET deleted = true
            """, ct, P(e.OrganizationId));
        await sql.ExecuteAsync("UPDATE history.names SET organization_id = NULL WHERE organization_id = $1", ct, P(e.OrganizationId));
        await sql.ExecuteAsync("UPDATE history.timeline_entries SET organization_id = NULL WHERE organization_id = $1", ct, P(e.OrganizationId));
        await sql.ExecuteAsync(
            "UPDATE history.timeline_entries SET member_organization_id = NULL WHERE member_organization_id = $1", ct, P(e.OrganizationId));
        await sql.ExecuteAsync("DELETE FROM history.card_changes WHERE subject_id = $1", ct, P(e.OrganizationId));
    }

    // ---- change history (H3) -----------------------------------------------------------------------------------

    private async Task CardChangedAsync(
        string subjectKind, Guid subjectId, string kind, ChangeActor actor, string summary, string? before, string? after,
        IIntegrationEvent e, CancellationToken ct)
    {
        if (await IsDeletedAsync(subjectId, ct))
        {
            return;
        }

        await sql.ExecuteAsync(
            """
            INSERT INTO history.card_changes (id, subject_kind, subject_id, at, kind, actor_kind, actor_id, actor_name, summary, before, after)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (id) DO NOTHING
            """, ct, P(e.EventId), P(subjectKind), P(subjectId), P(e.OccurredAt), P(kind), P(actor.Kind), P(actor.Id),
            P(actor.Name), P(summary), P(before), P(after));
    }

    // ---- tickets and messages (H1, H5) -------------------------------------------------------------------------

    private Task UpsertTicketAsync(
        Guid ticketId, long? number, string? subject, Guid? channelId, string? channelType, Guid? organizationId, CancellationToken ct) =>
        sql.ExecuteAsync(
            """
            INSERT INTO history.tickets (id, number, subject, channel_id, channel_type, organization_id) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (id) DO UPDATE SET
                number = coalesce(excluded.number, tickets.number), subject = coalesce(excluded.subject, tickets.subject),
                channel_id = coalesce(excluded.channel_id, tickets.channel_id),
                channel_type = coalesce(excluded.channel_type, tickets.channel_type),
                organization_id = coalesce(tickets.organization_id, excluded.organization_id)
            """, ct, P(ticketId), P(number), P(subject), P(channelId), P(channelType), P(organizationId));

    /// <summary>Entries written before the ticket's facts were known (events of one ticket can arrive out of order).</summary>
    private Task FillTicketFactsAsync(Guid ticketId, CancellationToken ct) =>
        sql.ExecuteAsync(
            """
            UPDATE history.timeline_entries e SET
                ticket_number = coalesce(e.ticket_number, t.number), subject = coalesce(e.subject, t.subject),
                channel_id = coalesce(e.channel_id, t.channel_id), channel_type = coalesce(e.channel_type, t.channel_type)
            FROM history.tickets t
            WHERE t.id = $1 AND e.ticket_id = $1 AND (e.subject IS NULL OR e.channel_type IS NULL OR e.ticket_number IS NULL)
            """, ct, P(ticketId));

    private async Task TicketCreatedAsync(TicketCreated e, CancellationToken ct)
    {
        await UpsertTicketAsync(e.TicketId, e.Number, e.Subject, e.ChannelId, e.ChannelType, e.OrganizationId, ct);
        await InsertEntryAsync(TicketCreatedEntry(e), ct);
        await FillTicketFactsAsync(e.TicketId, ct);
    }

    private static NewEntry TicketCreatedEntry(TicketCreated e)
    {
        var (party, agentId) = ActorParty(e.Actor);
        return new NewEntry(e.TicketId, e.ClientId, e.CreatedAt, TimelineKinds.TicketCreated)
        {
            OrganizationId = e.OrganizationId, ChannelId = e.ChannelId, ChannelType = e.ChannelType, TicketId = e.TicketId,
            TicketNumber = e.Number, Subject = e.Subject, AuthorParty = party, AuthorName = e.Actor.Name, AgentId = agentId,
        };
    }

    private async Task TicketMessageAddedAsync(TicketMessageAdded e, CancellationToken ct)
    {
        await UpsertTicketAsync(e.TicketId, e.TicketNumber, e.Subject, e.ChannelId, e.ChannelType, e.OrganizationId, ct);
        await InsertEntryAsync(MessageEntry(e), ct);
        await FillTicketFactsAsync(e.TicketId, ct);
    }

    private static NewEntry MessageEntry(TicketMessageAdded e)
    {
        var entry = new NewEntry(e.MessageId, e.ClientId, e.At, e.Direction == "internal" ? TimelineKinds.Note : TimelineKinds.Message)
        {
            OrganizationId = e.OrganizationId, ChannelId = e.ChannelId, ChannelType = e.ChannelType, TicketId = e.TicketId,
            TicketNumber = e.TicketNumber, Subject = e.Subject, Excerpt = e.Excerpt, Direction = e.Direction,
            AuthorName = e.AuthorName, RecipientName = e.RecipientName, AgentId = e.AuthorAgentId,
            DeliveryByTicketMessage = e.Direction == "out" ? e.MessageId : null,
        };
        var agentParty = e.AuthorAgentId is null ? "other" : "agent";
        return e.Direction switch
        {
            "in" => entry with { AuthorParty = "client", RecipientParty = "other" },
            "out" => entry with { AuthorParty = agentParty, RecipientParty = "client" },
            _ => entry with { AuthorParty = agentParty, RecipientParty = string.IsNullOrEmpty(e.RecipientName) ? null : "other" },
        };
    }

    private async Task TicketStatusChangedAsync(TicketStatusChanged e, CancellationToken ct)
    {
        var (party, agentId) = ActorParty(e.Actor);
        await InsertEntryAsync(
            new NewEntry(e.EventId, e.ClientId, e.OccurredAt, TimelineKinds.StatusChanged)
            {
                TicketId = e.TicketId, TicketNumber = e.TicketNumber, Excerpt = $"{e.FromStatus} → {e.ToStatus}",
                AuthorParty = party, AuthorName = e.Actor.Name, AgentId = agentId,
            }, ct);
        await FillTicketFactsAsync(e.TicketId, ct);
    }

    /// <remarks>
    /// A ticket moved to another client (an agent's correction, or Tickets moving a ticket back after an unmerge):
    /// its entries now belong to that client, also as their original client, so undoing an older merge leaves them.
    /// A move that only follows a merge History already applied changes nothing.
    /// </remarks>
    private async Task TicketClientChangedAsync(TicketClientChanged e, CancellationToken ct)
    {
        var from = await ResolveClientAsync(e.FromClientId, ct);
        var to = await ResolveClientAsync(e.ToClientId, ct);
        if (to is null || (from is { } f && f.Client == to.Value.Client && f.Moves.Count > 0))
        {
            return;
        }

        var target = to.Value.Client;
        await sql.ExecuteAsync(
            """
            DELETE FROM history.merge_moves m USING history.timeline_entries e
            WHERE e.ticket_id = $1 AND m.row_kind = 'entry' AND m.row_id = e.id
            """, ct, P(e.TicketId));
        await sql.ExecuteAsync(
            """
            UPDATE history.timeline_entries SET client_id = $2, original_client_id = $3,
                organization_id = coalesce((SELECT organization_id FROM history.names WHERE id = $2), organization_id),
                member_organization_id = (SELECT organization_id FROM history.names WHERE id = $2)
            WHERE ticket_id = $1
            """, ct, P(e.TicketId), P(target), P(e.ToClientId));
        await sql.ExecuteAsync(
            """
            DELETE FROM history.merge_moves m USING history.outbound_messages o
            WHERE o.ticket_id = $1 AND m.row_kind = 'outbound' AND m.row_id = o.id
            """, ct, P(e.TicketId));
        await sql.ExecuteAsync("UPDATE history.outbound_messages SET client_id = $2 WHERE ticket_id = $1", ct, P(e.TicketId), P(target));
        foreach (var (mergeId, fromClient) in to.Value.Moves)
        {
            await sql.ExecuteAsync(
                """
                INSERT INTO history.merge_moves (merge_id, row_kind, row_id, from_client_id)
                SELECT $1, 'entry', id, $2 FROM history.timeline_entries WHERE ticket_id = $3
                UNION ALL SELECT $1, 'outbound', id, $2 FROM history.outbound_messages WHERE ticket_id = $3
                ON CONFLICT DO NOTHING
                """, ct, P(mergeId), P(fromClient), P(e.TicketId));
        }
    }

    private async Task ChatRatedAsync(ChatRated e, CancellationToken ct)
    {
        var rating = e.Rating.Trim().ToLowerInvariant();
        if (rating is not ("good" or "neutral" or "bad"))
        {
            return;
        }

        var changed = await sql.ExecuteAsync(
            """
            INSERT INTO history.tickets (id, rating, rated_at) VALUES ($1, $2, $3)
            ON CONFLICT (id) DO UPDATE SET rating = excluded.rating, rated_at = excluded.rated_at
            WHERE tickets.rated_at IS NULL OR tickets.rated_at <= excluded.rated_at
            """, ct, P(e.TicketId), P(rating), P(e.At));
        if (changed > 0)
        {
            await sql.ExecuteAsync("UPDATE history.timeline_entries SET rating = $2 WHERE ticket_id = $1", ct, P(e.TicketId), P(rating));
        }
    }

    // ---- outbound (H4) -----------------------------------------------------------------------------------------

    private async Task OutboundQueuedAsync(OutboundQueued e, CancellationToken ct)
    {
        (Guid Client, List<(Guid MergeId, Guid From)> Moves)? owner = null;
        if (e.ClientId is { } clientId)
        {
            owner = await ResolveClientAsync(clientId, ct);
            if (owner is null)
            {
                return; // the client was deleted
            }
        }

        await sql.ExecuteAsync(
            """
            INSERT INTO history.outbound_messages (id, queued, channel_id, channel_type, client_id, ticket_id, ticket_message_id,
                recipient, excerpt, sender_name, queued_at, status, redacted)
            VALUES ($1, true, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'queued', false)
            ON CONFLICT (id) DO UPDATE SET queued = true, channel_type = excluded.channel_type, client_id = excluded.client_id,
                ticket_id = excluded.ticket_id, ticket_message_id = excluded.ticket_message_id, recipient = excluded.recipient,
                excerpt = excluded.excerpt, sender_name = excluded.sender_name, queued_at = excluded.queued_at
            """, ct, P(e.OutboundId), P(e.ChannelId), P(e.ChannelType), P(owner?.Client), P(e.TicketId), P(e.TicketMessageId),
            P(e.RecipientValue), P(e.Excerpt), P(e.SenderDisplayName), P(e.At));
        if (owner is { } o)
        {
            await RecordMovesAsync("outbound", e.OutboundId, o.Moves, ct);
        }

        if (e.TicketMessageId is { } messageId)
        {
            await CopyDeliveryToEntryAsync(e.OutboundId, messageId, ct);
        }
        else if (e.ClientId is { } client)
        {
            await InsertEntryAsync(
                new NewEntry(e.OutboundId, client, e.At, TimelineKinds.Outbound)
                {
                    ChannelId = e.ChannelId, ChannelType = e.ChannelType, TicketId = e.TicketId, Excerpt = e.Excerpt,
                    Direction = "out", AuthorParty = "other", AuthorName = e.SenderDisplayName, RecipientParty = "client",
                    RecipientName = e.RecipientValue, DeliveryByOutbound = e.OutboundId,
                }, ct);
        }
    }

    private async Task OutboundStatusChangedAsync(OutboundStatusChanged e, CancellationToken ct)
    {
        Guid? client = null;
        if (e.ClientId is { } clientId)
        {
            var owner = await ResolveClientAsync(clientId, ct);
            if (owner is null)
            {
                return;
            }

            client = owner.Value.Client;
        }

        // A status may come before the queued event (another outbox, a retry): the row is made now, filled later.
        // Statuses only move forward (Channels publishes forward moves only), so the rank decides, not the time: a
        // service's own timestamps (Meta's are whole seconds) can be earlier than the host's time of "sent".
        await sql.ExecuteAsync(
            $"""
             INSERT INTO history.outbound_messages (id, queued, channel_id, client_id, ticket_id, ticket_message_id, queued_at,
                 status, reason, status_at, redacted)
             VALUES ($1, false, $2, $3, $4, $5, $6, $7, $8, $6, false)
             ON CONFLICT (id) DO UPDATE SET status = excluded.status, reason = excluded.reason, status_at = excluded.status_at
             WHERE outbound_messages.status IS NULL
                OR {string.Format(StatusRank, "excluded.status")} > {string.Format(StatusRank, "outbound_messages.status")}
                OR ({string.Format(StatusRank, "excluded.status")} = {string.Format(StatusRank, "outbound_messages.status")}
                    AND outbound_messages.status_at < excluded.status_at)
             """, ct, P(e.OutboundId), P(e.ChannelId), P(client), P(e.TicketId), P(e.TicketMessageId), P(e.At), P(e.Status), P(e.Reason));
        await CopyDeliveryToEntryAsync(e.OutboundId, e.TicketMessageId ?? e.OutboundId, ct);
    }

    private Task CopyDeliveryToEntryAsync(Guid outboundId, Guid entryId, CancellationToken ct) =>
        sql.ExecuteAsync(
            """
            UPDATE history.timeline_entries e SET delivery_status = o.status, delivery_reason = o.reason, delivery_at = o.status_at
            FROM history.outbound_messages o
            WHERE o.id = $1 AND e.id = $2 AND o.status IS NOT NULL
            """, ct, P(outboundId), P(entryId));

    // ---- merge, unmerge, delete --------------------------------------------------------------------------------

    private async Task ClientsMergedAsync(ClientsMerged e, CancellationToken ct)
    {
        var inserted = await sql.ExecuteAsync(
            "INSERT INTO history.merges (id, survivor_id, merged_id, at, undone) VALUES ($1, $2, $3, $4, false) ON CONFLICT DO NOTHING",
            ct, P(e.MergeId), P(e.SurvivorId), P(e.MergedId), P(e.OccurredAt));
        if (inserted == 0)
        {
            return;
        }

        await sql.ExecuteAsync(
            """
            INSERT INTO history.merge_moves (merge_id, row_kind, row_id, from_client_id)
            SELECT $1, 'entry', id, client_id FROM history.timeline_entries WHERE client_id = $2
            UNION ALL SELECT $1, 'outbound', id, client_id FROM history.outbound_messages WHERE client_id = $2
            ON CONFLICT DO NOTHING
            """, ct, P(e.MergeId), P(e.MergedId));
        await sql.ExecuteAsync(
            """
            UPDATE history.timeline_entries SET client_id = $2,
                member_organization_id = (SELECT organization_id FROM history.names WHERE id = $2)
            WHERE client_id = $1
            """, ct, P(e.MergedId), P(e.SurvivorId));
        await sql.ExecuteAsync("UPDATE history.outbound_messages SET client_id = $2 WHERE client_id = $1", ct, P(e.MergedId), P(e.SurvivorId));

        var mergedName = await NameOfAsync(e.MergedId, ct) ?? "another card";
        var (party, agentId) = ActorParty(e.Actor);
        await InsertEntryAsync(
            new NewEntry(EntryIds.Derive(e.EventId, "merge"), e.SurvivorId, e.OccurredAt, TimelineKinds.Merge)
            {
                Excerpt = $"{mergedName} was merged into this card", AuthorParty = party, AuthorName = e.Actor.Name, AgentId = agentId,
            }, ct);
    }

    private async Task ClientMergeUndoneAsync(ClientMergeUndone e, CancellationToken ct)
    {
        var undone = await sql.ExecuteAsync(
            "UPDATE history.merges SET undone = true WHERE id = $1 AND NOT undone", ct, P(e.MergeId));
        if (undone > 0)
        {
            await sql.ExecuteAsync(
                """
                UPDATE history.timeline_entries e SET client_id = m.from_client_id,
                    member_organization_id = (SELECT n.organization_id FROM history.names n WHERE n.id = m.from_client_id)
                FROM history.merge_moves m
                WHERE m.merge_id = $1 AND m.row_kind = 'entry' AND e.id = m.row_id
                """, ct, P(e.MergeId));
            await sql.ExecuteAsync(
                """
                UPDATE history.outbound_messages o SET client_id = m.from_client_id FROM history.merge_moves m
                WHERE m.merge_id = $1 AND m.row_kind = 'outbound' AND o.id = m.row_id
                """, ct, P(e.MergeId));

            // Rows back on their own card are no longer held by merges made after this one; earlier ones still hold them.
            await sql.ExecuteAsync(
                """
                DELETE FROM history.merge_moves x
                USING history.merge_moves m, history.merges this_merge, history.merges later
                WHERE m.merge_id = $1 AND this_merge.id = $1 AND x.row_kind = m.row_kind AND x.row_id = m.row_id
                  AND later.id = x.merge_id AND later.id <> $1 AND later.at > this_merge.at
                """, ct, P(e.MergeId));
            await sql.ExecuteAsync("DELETE FROM history.merge_moves WHERE merge_id = $1", ct, P(e.MergeId));
        }

        var restoredName = await NameOfAsync(e.RestoredId, ct) ?? "a card";
        var survivorName = await NameOfAsync(e.SurvivorId, ct) ?? "a card";
        var (party, agentId) = ActorParty(e.Actor);
        await InsertEntryAsync(
            new NewEntry(EntryIds.Derive(e.EventId, "unmerge:survivor"), e.SurvivorId, e.OccurredAt, TimelineKinds.Unmerge)
            {
                Excerpt = $"{restoredName} was split off this card again", AuthorParty = party, AuthorName = e.Actor.Name, AgentId = agentId,
            }, ct);
        await InsertEntryAsync(
            new NewEntry(EntryIds.Derive(e.EventId, "unmerge:restored"), e.RestoredId, e.OccurredAt, TimelineKinds.Unmerge)
            {
                Excerpt = $"This card was split off {survivorName} again", AuthorParty = party, AuthorName = e.Actor.Name, AgentId = agentId,
            }, ct);
    }

    /// <remarks>
    /// Deleting a client (C16) removes everything History holds of it, including what was merged into it, and the
    /// events it was built from, so a rebuild cannot bring it back; a tombstone keeps late events from recreating it.
    /// </remarks>
    private async Task ClientDeletedAsync(ClientDeleted e, CancellationToken ct)
    {
        var subjects = await sql.QueryAsync(
            """
            SELECT $1::uuid UNION SELECT DISTINCT original_client_id FROM history.timeline_entries WHERE client_id = $1
            UNION SELECT m.merged_id FROM history.merges m WHERE m.survivor_id = $1 AND NOT m.undone
            """, r => r.GetGuid(0), ct, P(e.ClientId));
        var ids = subjects.ToArray();
        await sql.ExecuteAsync(
            """
            DELETE FROM history.merge_moves m USING history.timeline_entries e
            WHERE e.client_id = $1 AND m.row_kind = 'entry' AND m.row_id = e.id
            """, ct, P(e.ClientId));
        await sql.ExecuteAsync(
            """
            DELETE FROM history.merge_moves m USING history.outbound_messages o
            WHERE o.client_id = $1 AND m.row_kind = 'outbound' AND m.row_id = o.id
            """, ct, P(e.ClientId));
        await sql.ExecuteAsync("DELETE FROM history.timeline_entries WHERE client_id = $1", ct, P(e.ClientId));
        await sql.ExecuteAsync("DELETE FROM history.outbound_messages WHERE client_id = $1", ct, P(e.ClientId));
        await sql.ExecuteAsync(
            "DELETE FROM history.card_changes WHERE subject_kind = 'client' AND subject_id = ANY($1)", ct, P(ids));
        await sql.ExecuteAsync(
            """
            INSERT INTO history.names (id, kind, deleted) SELECT id, 'client', true FROM unnest($1::uuid[]) AS id
            ON CONFLICT (id) DO UPDATE SET name = NULL, deleted = true, organization_id = NULL
            """, ct, P(ids));
        await sql.ExecuteAsync(
            "DELETE FROM history.event_log WHERE subject_id = ANY($1) AND event_type <> $2",
            ct, P(ids), P(HistoryEvents.NameOf(typeof(ClientDeleted))));
    }

    // ---- shared ------------------------------------------------------------------------------------------------

    private static (string Party, Guid? AgentId) ActorParty(ChangeActor actor) =>
        actor is { Kind: "agent", Id: { } id } ? ("agent", id) : ("other", null);

    private async Task<bool> IsDeletedAsync(Guid id, CancellationToken ct) =>
        (await sql.QueryAsync("SELECT deleted FROM history.names WHERE id = $1", r => r.GetBoolean(0), ct, P(id)))
        .FirstOrDefault();

    private async Task<string?> NameOfAsync(Guid id, CancellationToken ct) =>
        (await sql.QueryAsync("SELECT name FROM history.names WHERE id = $1", r => r.IsDBNull(0) ? null : r.GetString(0), ct, P(id)))
        .FirstOrDefault();

    /// <summary>
    /// The card an event about <paramref name="clientId"/> belongs on now: followed through the merges that still
    /// stand (each recorded as a move, so undoing it moves the row back), or null when that card was deleted.
    /// </summary>
    private async Task<(Guid Client, List<(Guid MergeId, Guid From)> Moves)?> ResolveClientAsync(Guid clientId, CancellationToken ct)
    {
        var chain = await sql.QueryAsync(
            $"""
             WITH RECURSIVE chain(id, merge_id, from_id, depth) AS (
                 SELECT $1::uuid, NULL::uuid, NULL::uuid, 0
                 UNION ALL
                 SELECT m.survivor_id, m.id, c.id, c.depth + 1
                 FROM chain c
                 CROSS JOIN LATERAL (
                     SELECT id, survivor_id FROM history.merges WHERE merged_id = c.id AND NOT undone ORDER BY at DESC LIMIT 1) m
                 WHERE c.depth < {MaxMergeChain})
             SELECT c.id, c.merge_id, c.from_id, coalesce(n.deleted, false)
             FROM chain c LEFT JOIN history.names n ON n.id = c.id
             ORDER BY c.depth
             """,
            r => (Id: r.GetGuid(0), MergeId: r.IsDBNull(1) ? (Guid?)null : r.GetGuid(1),
                From: r.IsDBNull(2) ? (Guid?)null : r.GetGuid(2), Deleted: r.GetBoolean(3)),
            ct, P(clientId));
        var last = chain[^1];
        if (last.Deleted)
        {
            return null;
        }

        var moves = chain.Where(c => c.MergeId is not null).Select(c => (c.MergeId!.Value, c.From!.Value)).ToList();
        return (last.Id, moves);
    }

    private Task RecordMovesAsync(string rowKind, Guid rowId, List<(Guid MergeId, Guid From)> moves, CancellationToken ct) =>
        moves.Count == 0
            ? Task.CompletedTask
            : sql.ExecuteAsync(
                """
                INSERT INTO history.merge_moves (merge_id, row_kind, row_id, from_client_id)
                SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[]) ON CONFLICT DO NOTHING
                """, ct, P(moves.Select(m => m.MergeId).ToArray()), P(moves.Select(_ => rowKind).ToArray()),
                P(moves.Select(_ => rowId).ToArray()), P(moves.Select(m => m.From).ToArray()));

    // ---- runs of ticket events -----------------------------------------------------------------------------------

    private sealed record TicketRunFacts(Guid TicketId, long Number, string? Subject, Guid ChannelId, string? ChannelType, Guid? OrganizationId);

    /// <summary>
    /// A run of <see cref="TicketMessageAdded"/> or <see cref="TicketCreated"/> in five statements, with exactly the
    /// result of <see cref="UpsertTicketAsync"/> + <see cref="InsertEntryAsync"/> + <see cref="FillTicketFactsAsync"/>
    /// per event in order. Nothing these events change is read by a later one's entry except the ticket's organization
    /// (its first non-null value wins) and the facts that fill older entries (those of the ticket's first event in the
    /// run, because filled columns are never filled again), so both are computed here per position; merges, names,
    /// ratings and deliveries are not changed by these events.
    /// </summary>
    private async Task ApplyTicketRunAsync(List<(TicketRunFacts Facts, NewEntry Entry)> run, CancellationToken ct)
    {
        var tickets = new Dictionary<Guid, (TicketRunFacts First, TicketRunFacts Last, Guid? Organization)>();
        var organizationSoFar = new Guid?[run.Count];
        for (var i = 0; i < run.Count; i++)
        {
            var facts = run[i].Facts;
            tickets[facts.TicketId] = tickets.TryGetValue(facts.TicketId, out var known)
                ? (known.First, facts, known.Organization ?? facts.OrganizationId)
                : (facts, facts, facts.OrganizationId);
            organizationSoFar[i] = tickets[facts.TicketId].Organization;
        }

        // By id: two hosts' runs touching the same tickets lock their rows in the same order (no deadlock between them).
        var perTicket = tickets.Values.OrderBy(t => t.First.TicketId).ToList();

        // 1. Entries written before the ticket's facts were known get the facts of its first event (FillTicketFactsAsync).
        await sql.ExecuteAsync(
            """
            UPDATE history.timeline_entries e SET
                ticket_number = coalesce(e.ticket_number, f.number), subject = coalesce(e.subject, f.subject),
                channel_id = coalesce(e.channel_id, f.channel_id), channel_type = coalesce(e.channel_type, f.channel_type)
            FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::uuid[], $5::text[]) AS f(id, number, subject, channel_id, channel_type)
            WHERE e.ticket_id = f.id AND (e.subject IS NULL OR e.channel_type IS NULL OR e.ticket_number IS NULL)
            """, ct, P(perTicket.Select(t => t.First.TicketId).ToArray()), P(perTicket.Select(t => t.First.Number).ToArray()),
            P(perTicket.Select(t => t.First.Subject).ToArray()), P(perTicket.Select(t => t.First.ChannelId).ToArray()),
            P(perTicket.Select(t => t.First.ChannelType).ToArray()));

        // 2. + 3. The entries, each under its client's current card (InsertEntryAsync), the first of the same id winning.
        var owners = await ResolveClientsAsync(run.Select(r => r.Entry.ClientId).Distinct().ToArray(), ct);
        var rows = new List<(NewEntry Entry, Guid Owner, Guid? TicketOrganization)>(run.Count);
        var ids = new HashSet<Guid>();
        for (var i = 0; i < run.Count; i++)
        {
            var entry = run[i].Entry;
            if (owners[entry.ClientId] is { } owner && ids.Add(entry.Id))
            {
                rows.Add((entry, owner.Client, organizationSoFar[i]));
            }
        }

        if (rows.Count > 0)
        {
            var inserted = (await sql.QueryAsync(
                """
                INSERT INTO history.timeline_entries (id, client_id, original_client_id, organization_id, member_organization_id, at, kind,
                    channel_id, channel_type, ticket_id, ticket_number, subject, excerpt, direction, author_party, author_name,
                    recipient_party, recipient_name, agent_id, rating, delivery_status, delivery_reason, delivery_at, redacted)
                SELECT u.id, u.client_id, u.original_client_id,
                    coalesce(u.organization_id, (SELECT organization_id FROM history.names WHERE id = u.original_client_id),
                             (SELECT organization_id FROM history.tickets WHERE id = u.ticket_id), u.ticket_organization_id),
                    (SELECT organization_id FROM history.names WHERE id = u.client_id),
                    u.at, u.kind, u.channel_id, u.channel_type, u.ticket_id, u.ticket_number, u.subject, u.excerpt, u.direction,
                    u.author_party, u.author_name, u.recipient_party, u.recipient_name, u.agent_id,
                    (SELECT rating FROM history.tickets WHERE id = u.ticket_id), o.status, o.reason, o.status_at,
                    coalesce(u.excerpt = '[redacted]', false)
                FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::timestamptz[], $7::text[], $8::uuid[],
                            $9::text[], $10::uuid[], $11::bigint[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],
                            $17::text[], $18::text[], $19::uuid[], $20::uuid[]) WITH ORDINALITY
                     AS u(id, client_id, original_client_id, organization_id, ticket_organization_id, at, kind, channel_id,
                          channel_type, ticket_id, ticket_number, subject, excerpt, direction, author_party, author_name,
                          recipient_party, recipient_name, agent_id, delivery_by_message, ord)
                LEFT JOIN LATERAL (SELECT status, reason, status_at FROM history.outbound_messages
                                   WHERE u.delivery_by_message IS NOT NULL AND ticket_message_id = u.delivery_by_message LIMIT 1) o ON true
                ORDER BY u.ord
                ON CONFLICT (id) DO NOTHING
                RETURNING id
                """, r => r.GetGuid(0), ct,
                P(rows.Select(r => r.Entry.Id).ToArray()), P(rows.Select(r => r.Owner).ToArray()),
                P(rows.Select(r => r.Entry.ClientId).ToArray()), P(rows.Select(r => r.Entry.OrganizationId).ToArray()),
                P(rows.Select(r => r.TicketOrganization).ToArray()), P(rows.Select(r => r.Entry.At.ToUniversalTime()).ToArray()),
                P(rows.Select(r => r.Entry.Kind).ToArray()), P(rows.Select(r => r.Entry.ChannelId).ToArray()),
                P(rows.Select(r => r.Entry.ChannelType?.ToLowerInvariant()).ToArray()), P(rows.Select(r => r.Entry.TicketId).ToArray()),
                P(rows.Select(r => r.Entry.TicketNumber).ToArray()), P(rows.Select(r => r.Entry.Subject).ToArray()),
                P(rows.Select(r => r.Entry.Excerpt).ToArray()), P(rows.Select(r => r.Entry.Direction).ToArray()),
                P(rows.Select(r => r.Entry.AuthorParty).ToArray()), P(rows.Select(r => r.Entry.AuthorName).ToArray()),
                P(rows.Select(r => r.Entry.RecipientParty).ToArray()), P(rows.Select(r => r.Entry.RecipientName).ToArray()),
                P(rows.Select(r => r.Entry.AgentId).ToArray()), P(rows.Select(r => r.Entry.DeliveryByTicketMessage).ToArray())))
                .ToHashSet();

            // 4. Entries of a card merged into another are recorded as moves (RecordMovesAsync), so an undo moves them back.
            var moves = rows.Where(r => inserted.Contains(r.Entry.Id))
                .SelectMany(r => owners[r.Entry.ClientId]!.Value.Moves.Select(m => (m.MergeId, RowId: r.Entry.Id, m.From)))
                .ToList();
            if (moves.Count > 0)
            {
                await sql.ExecuteAsync(
                    """
                    INSERT INTO history.merge_moves (merge_id, row_kind, row_id, from_client_id)
                    SELECT merge_id, 'entry', row_id, from_id FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS u(merge_id, row_id, from_id)
                    ON CONFLICT DO NOTHING
                    """, ct, P(moves.Select(m => m.MergeId).ToArray()), P(moves.Select(m => m.RowId).ToArray()),
                    P(moves.Select(m => m.From).ToArray()));
            }
        }

        // 5. The tickets' facts as the last event left them; the organization first set stays (UpsertTicketAsync).
        await sql.ExecuteAsync(
            """
            INSERT INTO history.tickets (id, number, subject, channel_id, channel_type, organization_id)
            SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::uuid[], $5::text[], $6::uuid[])
            ON CONFLICT (id) DO UPDATE SET
                number = coalesce(excluded.number, tickets.number), subject = coalesce(excluded.subject, tickets.subject),
                channel_id = coalesce(excluded.channel_id, tickets.channel_id),
                channel_type = coalesce(excluded.channel_type, tickets.channel_type),
                organization_id = coalesce(tickets.organization_id, excluded.organization_id)
            """, ct, P(perTicket.Select(t => t.Last.TicketId).ToArray()), P(perTicket.Select(t => t.Last.Number).ToArray()),
            P(perTicket.Select(t => t.Last.Subject).ToArray()), P(perTicket.Select(t => t.Last.ChannelId).ToArray()),
            P(perTicket.Select(t => t.Last.ChannelType).ToArray()), P(perTicket.Select(t => t.Organization).ToArray()));
    }

    /// <summary><see cref="ResolveClientAsync"/> for many clients in one statement.</summary>
    private async Task<Dictionary<Guid, (Guid Client, List<(Guid MergeId, Guid From)> Moves)?>> ResolveClientsAsync(
        Guid[] clientIds, CancellationToken ct)
    {
        var chains = await sql.QueryAsync(
            $"""
             WITH RECURSIVE chain(start_id, id, merge_id, from_id, depth) AS (
                 SELECT s, s, NULL::uuid, NULL::uuid, 0 FROM unnest($1::uuid[]) AS s
                 UNION ALL
                 SELECT c.start_id, m.survivor_id, m.id, c.id, c.depth + 1
                 FROM chain c
                 CROSS JOIN LATERAL (
                     SELECT id, survivor_id FROM history.merges WHERE merged_id = c.id AND NOT undone ORDER BY at DESC LIMIT 1) m
                 WHERE c.depth < {MaxMergeChain})
             SELECT c.start_id, c.id, c.merge_id, c.from_id, coalesce(n.deleted, false)
             FROM chain c LEFT JOIN history.names n ON n.id = c.id
             ORDER BY c.start_id, c.depth
             """,
            r => (Start: r.GetGuid(0), Id: r.GetGuid(1), MergeId: r.IsDBNull(2) ? (Guid?)null : r.GetGuid(2),
                From: r.IsDBNull(3) ? (Guid?)null : r.GetGuid(3), Deleted: r.GetBoolean(4)),
            ct, P(clientIds));
        return chains.GroupBy(c => c.Start).ToDictionary(
            g => g.Key,
            g => g.Last().Deleted
                ? ((Guid, List<(Guid, Guid)>)?)null
                : (g.Last().Id, g.Where(c => c.MergeId is not null).Select(c => (c.MergeId!.Value, c.From!.Value)).ToList()));
    }

    /// <summary>Writes an entry once (its id is the key), under the client's current card, with the delivery and rating known so far.</summary>
    private async Task InsertEntryAsync(NewEntry entry, CancellationToken ct)
    {
        var owner = await ResolveClientAsync(entry.ClientId, ct);
        if (owner is null)
        {
            return;
        }

        var deliveryKey = entry.DeliveryByTicketMessage ?? entry.DeliveryByOutbound;
        var deliveryColumn = entry.DeliveryByTicketMessage is not null ? "ticket_message_id" : "id";
        var inserted = await sql.ExecuteAsync(
            $"""
             INSERT INTO history.timeline_entries (id, client_id, original_client_id, organization_id, member_organization_id, at, kind,
                 channel_id, channel_type, ticket_id, ticket_number, subject, excerpt, direction, author_party, author_name,
                 recipient_party, recipient_name, agent_id, rating, delivery_status, delivery_reason, delivery_at, redacted)
             SELECT $1, $2, $3, coalesce($4, (SELECT organization_id FROM history.names WHERE id = $3),
                                              (SELECT organization_id FROM history.tickets WHERE id = $8)),
                 (SELECT organization_id FROM history.names WHERE id = $2),
                 $5, $6, $7, $9, $8, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                 (SELECT rating FROM history.tickets WHERE id = $8), o.status, o.reason, o.status_at,
                 coalesce($12 = '[redacted]', false)
             FROM (SELECT 1) one
             LEFT JOIN LATERAL (SELECT status, reason, status_at FROM history.outbound_messages
                                WHERE $19::uuid IS NOT NULL AND {deliveryColumn} = $19 LIMIT 1) o ON true
             ON CONFLICT (id) DO NOTHING
             """, ct, P(entry.Id), P(owner.Value.Client), P(entry.ClientId), P(entry.OrganizationId), P(entry.At), P(entry.Kind),
            P(entry.ChannelId), P(entry.TicketId), P(entry.ChannelType?.ToLowerInvariant()), P(entry.TicketNumber), P(entry.Subject), P(entry.Excerpt),
            P(entry.Direction), P(entry.AuthorParty), P(entry.AuthorName), P(entry.RecipientParty), P(entry.RecipientName),
            P(entry.AgentId), P(deliveryKey));
        if (inserted > 0)
        {
            await RecordMovesAsync("entry", entry.Id, owner.Value.Moves, ct);
        }
    }
}
