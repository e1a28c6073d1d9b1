using System.Net;
using System.Text.Json;
using ModularDesk.Channels.Contracts;
using ModularDesk.History.Tests.Support;
using ModularDesk.Testing;
using static ModularDesk.History.Tests.Support.DeskApi;

namespace ModularDesk.History.Tests.EndToEnd;

/// <summary>
/// H1 driven only through the desk's API: messages arrive through <c>POST /api/v1/inbound</c>, Tickets files them,
/// agents reply and edit cards; History sees nothing but the modules' events through their outboxes.
/// </summary>
public sealed class InboundTimelineTests(DeskHostFixture host) : IClassFixture<DeskHostFixture>
{
    [Fact]
    public async Task Filed_messages_and_replies_show_who_wrote_to_whom_newest_first_and_filter_by_kind_and_channel()
    {
        using var admin = await host.CreateAdminClientAsync();
        using var agent = await host.CreateAgentClientAsync();
        var email = $"{Unique("anna")}@example.org";
        var t0 = new DateTimeOffset(DateTime.UtcNow.AddHours(-2).Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var (printer, anna) = await EmailAsync(admin, email, "Anna Silva", "Printer on fire", "The printer in room 4 is on fire.", t0);
        var (invoice, sameAnna) = await EmailAsync(admin, email, "Anna Silva", "Invoice 42", "Where is invoice 42?", t0.AddMinutes(10));
        Assert.Equal(anna, sameAnna);
        var reply = await ReplyAsync(agent, printer, "We are on our way with an extinguisher.");
        var note = await ReplyAsync(agent, printer, "Called facilities.", isInternal: true);
        var printerMessage = (await admin.GetJsonAsync($"/api/v1/tickets/{printer}/messages")).GetProperty("items")[0].Id();
        var invoiceMessage = (await admin.GetJsonAsync($"/api/v1/tickets/{invoice}/messages")).GetProperty("items")[0].Id();
        var printerNumber = (await admin.GetJsonAsync($"/api/v1/tickets/{printer}")).GetProperty("number").GetInt64();

        var timeline = await agent.TimelineWhenAsync(
            anna,
            t => t.Count(e => e.Str("kind") == "message") == 3 && t.Any(e => e.Id() == note) && t.Count(e => e.Str("kind") == "ticketCreated") == 2
                 && t.Any(e => e.Str("kind") == "statusChanged") && t.Any(e => e.Id() == reply && e.Str("deliveryStatus") == "sent"),
            "both messages, the reply with its delivery, the note, both tickets and the status change");

        var times = timeline.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.Equal(
            [note, reply, invoiceMessage, printerMessage],
            timeline.Where(e => e.Str("kind") is "message" or "note").Select(e => e.Id()));

        var fromAnna = timeline.Single(e => e.Id() == printerMessage);
        Assert.Equal(("Anna Silva", "Support", "in"), (fromAnna.Str("author"), fromAnna.Str("recipient"), fromAnna.Str("direction")));
        Assert.Equal(("Printer on fire", printerNumber), (fromAnna.Str("subject"), fromAnna.GetProperty("ticketNumber").GetInt64()));
        Assert.Equal("The printer in room 4 is on fire.", fromAnna.Str("excerpt"));
        Assert.Equal(("api", BuiltInChannels.ApiChannelId), (fromAnna.Str("channel"), fromAnna.GetProperty("channelId").GetGuid()));
        Assert.Equal(t0, fromAnna.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(printer, fromAnna.GetProperty("ticketId").GetGuid());

        var toAnna = timeline.Single(e => e.Id() == reply);
        Assert.Equal(("Test agent", "Anna Silva", "out"), (toAnna.Str("author"), toAnna.Str("recipient"), toAnna.Str("direction")));
        Assert.Equal("sent", toAnna.Str("deliveryStatus"));
        var noted = timeline.Single(e => e.Id() == note);
        Assert.Equal(("Test agent", "internal"), (noted.Str("author"), noted.Str("direction")));

        // Filters run on the same keyset scan.
        Assert.Equal([note], (await agent.TimelineAsync(anna, "&kind=note")).Select(e => e.Id()));
        Assert.Equal(
            [note, reply, invoiceMessage, printerMessage], (await agent.TimelineAsync(anna, "&kind=message,note")).Select(e => e.Id()));
        Assert.Equal(
            timeline.Where(e => e.Str("kind") is "ticketCreated" or "statusChanged").Select(e => e.Id()),
            (await agent.TimelineAsync(anna, "&kind=ticketCreated,statusChanged")).Select(e => e.Id()));
        var onApi = (await agent.TimelineAsync(anna, "&channel=api")).Select(e => e.Id()).ToList();
        Assert.Equal(timeline.Where(e => e.Str("channel") == "api").Select(e => e.Id()), onApi);
        Assert.True(onApi.Count >= 6);
        Assert.Equal(onApi, (await agent.TimelineAsync(anna, $"&channel={BuiltInChannels.ApiChannelId}")).Select(e => e.Id()));
        Assert.Empty(await agent.TimelineAsync(anna, "&channel=telegram"));
        using (var bad = await agent.GetAsync($"/api/v1/clients/{anna}/timeline?kind=message,gossip"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("gossip", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A rename shows on every old entry at once: the names are History's, joined when a page is read.
        using (var renamed = await agent.PatchJsonAsync($"/api/v1/clients/{anna}", new { name = "Anna Silva-Kowalska" }))
        {
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }

        var after = await agent.TimelineWhenAsync(
            anna, t => t.Single(e => e.Id() == printerMessage).Str("author") == "Anna Silva-Kowalska", "the new name on old entries");
        Assert.Equal("Anna Silva-Kowalska", after.Single(e => e.Id() == reply).Str("recipient"));
        Assert.Equal(timeline.Select(e => e.Id()), after.Select(e => e.Id()));
    }

    [Fact]
    public async Task Paging_while_new_messages_arrive_has_no_gaps_and_no_repeats()
    {
        using var admin = await host.CreateAdminClientAsync();
        using var agent = await host.CreateAgentClientAsync();
        var email = $"{Unique("paul")}@example.org";
        var basis = DateTimeOffset.UtcNow.AddDays(-1);
        var posted = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            posted.Add(await PostEmailAsync(admin, email, "Paul Page", $"Question {i}", $"Question number {i}", basis.AddMinutes(i)));
        }

        var client = (await FiledAsync(admin, posted[0])).ClientId;
        foreach (var inbox in posted.Skip(1))
        {
            Assert.Equal(client, (await FiledAsync(admin, inbox)).ClientId);
        }

        var before = await agent.TimelineWhenAsync(client, t => t.Count == 40, "20 messages and their 20 tickets");

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = $"/api/v1/clients/{client}/timeline?limit=6" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var (items, next) = await agent.PageAsync(url);
            seen.AddRange(items.Select(e => e.Id()));
            cursor = next;
            pages++;

            // Someone writes while the agent reads: the new entries are newer than the page just read.
            var (_, same) = await EmailAsync(admin, email, "Paul Page", $"Meanwhile {pages}", $"Written while paging {pages}");
            Assert.Equal(client, same);
            await agent.TimelineWhenAsync(
                client, t => t.Count(e => e.Str("subject") == $"Meanwhile {pages}") == 2, "the new message and its ticket");
        }
        while (cursor is not null);

        Assert.Equal(7, pages);
        Assert.Equal(before.Select(e => e.Id()), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        await agent.TimelineWhenAsync(client, t => t.Count == 40 + (2 * pages), "every message and ticket");
    }

    [Fact]
    public async Task Redelivered_events_are_not_applied_twice()
    {
        using var admin = await host.CreateAdminClientAsync();
        using var agent = await host.CreateAgentClientAsync();
        var email = $"{Unique("rita")}@example.org";
        var (ticket, client) = await EmailAsync(admin, email, "Rita Twice", "Once only", "Please answer once.");
        var reply = await ReplyAsync(agent, ticket, "Answered once.");
        using (var renamed = await agent.PatchJsonAsync($"/api/v1/clients/{client}", new { position = "Buyer" }))
        {
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }

        var timeline = await agent.TimelineWhenAsync(
            client, t => t.Any(e => e.Id() == reply && e.Str("deliveryStatus") == "sent"), "the reply, sent");
        var changes = await Eventually.ReturnsAsync(
            () => HistoryApi.AllPagesAsync(agent, $"/api/v1/clients/{client}/changes?limit=50"),
            c => c.Any(i => i.Str("kind") == "fieldChanged"), TimeSpan.FromSeconds(30), "the position change");
        var outbound = await HistoryApi.AllPagesAsync(agent, $"/api/v1/outbound?clientId={client}&limit=50");
        var logged = await host.Database.ScalarAsync<long>("SELECT count(*) FROM history.event_log");

        // Every module's outbox delivers everything again (as after a crash between the handlers and the mark).
        var again = await host.Database.ScalarAsync<long>(
            """
            WITH t AS (UPDATE tickets.outbox_messages SET processed_at = NULL, next_attempt_at = now() RETURNING 1),
                 c AS (UPDATE clients.outbox_messages SET processed_at = NULL, next_attempt_at = now() RETURNING 1),
                 h AS (UPDATE channels.outbox_messages SET processed_at = NULL, next_attempt_at = now() RETURNING 1),
                 a AS (UPDATE agents.outbox_messages SET processed_at = NULL, next_attempt_at = now() RETURNING 1)
            SELECT (SELECT count(*) FROM t) + (SELECT count(*) FROM c) + (SELECT count(*) FROM h) + (SELECT count(*) FROM a)
            """);
        Assert.True(again > 5);
        await Eventually.TrueAsync(
            async () => await host.Database.ScalarAsync<long>(
                """
                SELECT (SELECT count(*) FROM tickets.outbox_messages WHERE processed_at IS NULL)
                     + (SELECT count(*) FROM clients.outbox_messages WHERE processed_at IS NULL)
                     + (SELECT count(*) FROM channels.outbox_messages WHERE processed_at IS NULL)
                     + (SELECT count(*) FROM agents.outbox_messages WHERE processed_at IS NULL)
                """) == 0,
            TimeSpan.FromSeconds(60), "everything delivered again");

        Assert.Equal(logged, await host.Database.ScalarAsync<long>("SELECT count(*) FROM history.event_log"));
        Assert.Equal(Snapshot(timeline), Snapshot(await agent.TimelineAsync(client)));
        Assert.Equal(Snapshot(changes), Snapshot(await HistoryApi.AllPagesAsync(agent, $"/api/v1/clients/{client}/changes?limit=50")));
        Assert.Equal(Snapshot(outbound), Snapshot(await HistoryApi.AllPagesAsync(agent, $"/api/v1/outbound?clientId={client}&limit=50")));
    }

    [Fact]
    public async Task Deleting_a_client_removes_its_entries()
    {
        using var admin = await host.CreateAdminClientAsync();
        using var agent = await host.CreateAgentClientAsync();
        var (ticket, client) = await EmailAsync(admin, $"{Unique("dora")}@example.org", "Dora Gone", "Forget me", "Please delete me.");
        var reply = await ReplyAsync(agent, ticket, "Done soon.");
        await agent.TimelineWhenAsync(client, t => t.Any(e => e.Id() == reply), "the reply");

        using (var deleted = await agent.DeleteAsync($"/api/v1/clients/{client}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await agent.GetAsync($"/api/v1/clients/{client}/timeline");
                return response.StatusCode == HttpStatusCode.NotFound;
            },
            what: "the timeline gone with the card");
        Assert.Equal(0, await host.Database.ScalarAsync<long>(
            """
            SELECT (SELECT count(*) FROM history.timeline_entries WHERE client_id = @id OR original_client_id = @id OR ticket_id = @ticket)
                 + (SELECT count(*) FROM history.outbound_messages WHERE client_id = @id OR ticket_id = @ticket)
            """, ("id", client), ("ticket", ticket)));
        using var outbound = await agent.GetAsync($"/api/v1/outbound?clientId={client}");
        Assert.DoesNotContain(reply.ToString(), await outbound.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Snapshot(List<JsonElement> items) => string.Join('\n', items.Select(i => i.GetRawText()));
}
