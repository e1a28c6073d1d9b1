using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.Channels.Contracts.Outbound;
using ModularDesk.Clients.Contracts.Events;
using ModularDesk.History.Tests.Support;
using ModularDesk.Organizations.Contracts.Events;
using ModularDesk.Testing;
using ModularDesk.Tickets.Contracts.Events;

namespace ModularDesk.History.Tests.Runs;

/// <summary>
/// The outbox dispatcher hands History runs of consecutive events of one type; a run of ticket events is projected with
/// a fixed number of statements. It must give exactly what applying the events one at a time gives: a rebuild replays
/// the event log one event at a time, so the read models after a rebuild are the reference.
/// </summary>
public sealed class RunProjectionTests(HostFixture host) : IClassFixture<HostFixture>
{
    private static readonly string[] ReadModels =
    [
        "timeline_entries ORDER BY id", "tickets ORDER BY id", "names ORDER BY id", "merges ORDER BY id",
        "merge_moves ORDER BY merge_id, row_kind, row_id", "outbound_messages ORDER BY id", "card_changes ORDER BY id",
    ];

    private readonly Desk desk = new(host);

    [Fact]
    public async Task Runs_of_ticket_events_give_exactly_the_read_models_of_one_event_at_a_time_and_apply_nothing_twice()
    {
        using var admin = await host.CreateAdminClientAsync();
        var (acme, globex, initech) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await host.EventsAsync(
            new OrganizationCreated(acme, "Acme", [], false, Desk.System),
            new OrganizationCreated(globex, "Globex", [], false, Desk.System),
            new OrganizationCreated(initech, "Initech", [], false, Desk.System));
        var anna = await desk.ClientAsync("Anna Acme", acme);
        var bob = await desk.ClientAsync("Bob Nobody");
        var carla = await desk.ClientAsync("Carla Survivor");
        var duplicate = await desk.ClientAsync("Carla Duplicate");
        var dora = await desk.ClientAsync("Dora Deleted");
        var agentId = await desk.AgentAsync("Anna Agent");
        var mergeId = Guid.NewGuid();
        await host.EventsAsync(new ClientsMerged(mergeId, carla, duplicate, Desk.System), new ClientDeleted(dora, Desk.System));

        var invoice = new Ticket(Guid.NewGuid(), 90_001, "Broken invoice", anna, acme, desk.EmailChannel, "email");
        var fromDuplicate = new Ticket(Guid.NewGuid(), 90_002, "Duplicate card", duplicate, null, desk.TelegramChannel, "Telegram");
        var fromDeleted = new Ticket(Guid.NewGuid(), 90_003, "Deleted card", dora, null, desk.EmailChannel, "email");
        var later = new Ticket(Guid.NewGuid(), 90_004, "Organization later", bob, null, desk.EmailChannel, "email");
        var unannounced = new Ticket(Guid.NewGuid(), 90_005, "Not created yet", bob, null, desk.TelegramChannel, "telegram");

        // Facts that arrive before the tickets' own events: an entry without subject or channel, a rating, a delivery.
        var replyId = Guid.NewGuid();
        await host.EventsAsync(
            new TicketStatusChanged(invoice.Id, invoice.Number, anna, "new", "open", Desk.System),
            new TicketStatusChanged(unannounced.Id, unannounced.Number, bob, "new", "open", Desk.System),
            new ChatRated(invoice.Id, anna, "good", desk.Tick()),
            new OutboundStatusChanged(Guid.NewGuid(), desk.EmailChannel, anna, invoice.Id, replyId, "delivered", null, desk.Tick()));

        var created = new[] { invoice, fromDuplicate, fromDeleted, later }
            .Select(t => new TicketCreated(t.Id, t.Number, t.Subject, t.ClientId, t.OrganizationId, t.ChannelId, t.ChannelType, "new", false,
                desk.Tick(), new ChangeActor("channel", t.ChannelId, t.ChannelType)))
            .ToList();
        var messages = new List<TicketMessageAdded>
        {
            desk.Message(invoice, "in", "My invoice is wrong", "Anna Acme", "Support"),
            desk.Message(invoice, "out", "We fix it today", "Anna Agent", "Anna Acme", agentId) with { MessageId = replyId },
            desk.Message(invoice with { Subject = "Broken invoice (renamed)" }, "internal", "Ask accounting", "Anna Agent", "", agentId),
            desk.Message(fromDuplicate, "in", "Written from the duplicate card", "Carla", "Support"),
            desk.Message(fromDeleted, "in", "Written from a deleted card", "Dora", "Support"),
            desk.Message(later, "in", "No organization yet", "Bob", "Support"),
            desk.Message(later, "in", "Now with one", "Bob", "Support", organizationId: globex),
            desk.Message(unannounced, "in", "Before the ticket's own event", "Bob", "Support"),
            desk.Message(unannounced with { Subject = "Renamed later" }, "in", "Second", "Bob", "Support", organizationId: initech),
        };
        messages.Add(messages[0] with { EventId = Guid.NewGuid() }); // the same message published twice

        await host.RunAsync(created);
        await host.RunAsync(messages);

        // What an agent sees.
        var annas = await admin.TimelineAsync(anna);
        Assert.Equal(["statusChanged", "note", "message", "message", "ticketCreated"], annas.Select(e => e.Str("kind")));
        Assert.All(annas, e => Assert.Equal("good", e.Str("rating")));
        Assert.All(annas, e => Assert.Equal("email", e.Str("channel")));
        Assert.Equal("Broken invoice", annas[0].Str("subject")); // filled in from the ticket's first event
        Assert.Equal("Broken invoice (renamed)", annas[1].Str("subject"));
        Assert.Equal((replyId, "delivered"), (annas[2].Id(), annas[2].Str("deliveryStatus")));
        Assert.Equal(
            new[] { fromDuplicate.Id, messages[3].MessageId }.Order(),
            (await admin.TimelineAsync(carla, "&kind=message,ticketCreated")).Select(e => e.Id()).Order());
        Assert.Equal(2L, await CountAsync($"SELECT count(*) FROM history.merge_moves WHERE merge_id = '{mergeId}' AND row_id IN ('{fromDuplicate.Id}', '{messages[3].MessageId}')"));
        Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM history.timeline_entries WHERE ticket_id = '{fromDeleted.Id}'"));
        Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM history.event_log WHERE subject_id = '{dora}' AND event_type NOT LIKE '%ClientDeleted'"));
        Assert.Equal(
            new string?[] { null, null, globex.ToString(), null, initech.ToString() },
            await OrganizationsAsync(later.Id, messages[5].MessageId, messages[6].MessageId, messages[7].MessageId, messages[8].MessageId));
        Assert.Equal(globex, await host.Database.ScalarAsync<Guid>($"SELECT organization_id FROM history.tickets WHERE id = '{later.Id}'"));
        // The older entry got the facts of the ticket's first event (as one at a time would), the ticket its last ones.
        Assert.Equal("Not created yet", await host.Database.ScalarAsync<string>(
            $"SELECT subject FROM history.timeline_entries WHERE ticket_id = '{unannounced.Id}' AND kind = 'statusChanged'"));
        Assert.Equal("Renamed later", await host.Database.ScalarAsync<string>($"SELECT subject FROM history.tickets WHERE id = '{unannounced.Id}'"));
        Assert.Equal(1L, await CountAsync($"SELECT count(*) FROM history.timeline_entries WHERE id = '{messages[0].MessageId}'"));

        // Redelivered runs apply nothing.
        var applied = await SnapshotAsync(fromDeleted.Id, dora);
        var logged = await CountAsync("SELECT count(*) FROM history.event_log");
        await host.RunAsync(created);
        await host.RunAsync(messages);
        Assert.Equal(applied, await SnapshotAsync(fromDeleted.Id, dora));
        Assert.Equal(logged, await CountAsync("SELECT count(*) FROM history.event_log"));

        // One event at a time (the rebuild's replay of the log) gives the same read models, row for row.
        using var requested = await admin.PostAsync("/api/v1/admin/history/rebuild", null);
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        var location = requested.Headers.Location!.ToString();
        var run = await Eventually.ReturnsAsync(
            async () => await (await admin.GetAsync(location)).JsonAsync(),
            r => r.Str("status") is "succeeded" or "failed", what: "the rebuild");
        Assert.Equal("succeeded", run.Str("status"));
        // (Except the deleted client's tombstone and ticket: the events about a deleted client leave the log, so a rebuild,
        // with or without runs, does not make those rows as they were.)
        var replayed = await SnapshotAsync(fromDeleted.Id, dora);
        for (var i = 0; i < ReadModels.Length; i++)
        {
            Assert.True(applied[i] == replayed[i], $"applied:\n{applied[i]}\nreplayed:\n{replayed[i]}");
        }
    }

    private async Task<string?[]> OrganizationsAsync(params Guid[] entryIds)
    {
        var organizations = new string?[entryIds.Length];
        for (var i = 0; i < entryIds.Length; i++)
        {
            organizations[i] = await host.Database.ScalarAsync<string>(
                $"SELECT organization_id::text FROM history.timeline_entries WHERE id = '{entryIds[i]}'");
        }

        return organizations;
    }

    private async Task<string[]> SnapshotAsync(params Guid[] ignored)
    {
        var tables = new string[ReadModels.Length];
        for (var i = 0; i < ReadModels.Length; i++)
        {
            var table = ReadModels[i].Split(' ')[0];
            var order = ReadModels[i][(ReadModels[i].IndexOf("ORDER BY", StringComparison.Ordinal) + 9)..];
            tables[i] = table + ": " + await host.Database.ScalarAsync<string>(
                $"SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY {string.Join(", ", order.Split(", ").Select(c => "t." + c))})::text, '[]') FROM history.{table} t WHERE coalesce(to_jsonb(t)->>'id', '') NOT IN ({string.Join(", ", ignored.Select(id => $"'{id}'"))})");
        }

        return tables;
    }

    private async Task<long> CountAsync(string sql) => await host.Database.ScalarAsync<long>(sql);
}
