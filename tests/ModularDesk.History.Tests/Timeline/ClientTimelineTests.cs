using System.Net;
using ModularDesk.Agents.Contracts;
using ModularDesk.Clients.Contracts.Events;
using ModularDesk.History.Tests.Support;
using ModularDesk.Testing;
using ModularDesk.Tickets.Contracts.Events;

namespace ModularDesk.History.Tests.Timeline;

/// <summary>H1 from the events Tickets, Clients and Agents publish: what an agent sees on a client's timeline.</summary>
public sealed class ClientTimelineTests(HostFixture host) : IClassFixture<HostFixture>
{
    private readonly Desk desk = new(host);

    [Fact]
    public async Task Messages_notes_and_ticket_events_show_newest_first_with_who_wrote_to_whom()
    {
        using var agent = await host.CreateAgentClientAsync();
        var jan = await desk.ClientAsync("Jan Kowalski");
        var anna = await desk.AgentAsync("Anna Silva");
        var ticket = await desk.TicketAsync(jan, "Broken invoice");
        var question = await desk.MessageAsync(ticket, "in", "My invoice is wrong", author: "Jan Kowalski", recipient: "Support");
        var reply = await desk.MessageAsync(ticket, "out", "We will fix it today", author: "Anna Silva", recipient: "Jan Kowalski", agentId: anna);
        var note = await desk.MessageAsync(ticket, "internal", "Check with accounting", author: "Anna Silva", recipient: "", agentId: anna);
        await host.EventAsync(new TicketStatusChanged(ticket.Id, ticket.Number, jan, "new", "resolved", new("agent", anna, "Anna Silva")));

        var timeline = await agent.TimelineAsync(jan);

        Assert.Equal(["statusChanged", "note", "message", "message", "ticketCreated"], timeline.Select(e => e.Str("kind")));
        var (status, noteEntry, replyEntry, questionEntry, created) = (timeline[0], timeline[1], timeline[2], timeline[3], timeline[4]);
        Assert.Equal(question.MessageId, questionEntry.Id());
        Assert.Equal<IEnumerable<string?>>(["in", "Jan Kowalski", "Support", "My invoice is wrong"],
            [questionEntry.Str("direction"), questionEntry.Str("author"), questionEntry.Str("recipient"), questionEntry.Str("excerpt")]);
        Assert.Equal(reply.MessageId, replyEntry.Id());
        Assert.Equal<IEnumerable<string?>>(["out", "Anna Silva", "Jan Kowalski"], [replyEntry.Str("direction"), replyEntry.Str("author"), replyEntry.Str("recipient")]);
        Assert.Equal(note.MessageId, noteEntry.Id());
        Assert.Equal<IEnumerable<string?>>(["internal", "Anna Silva", "Check with accounting"], [noteEntry.Str("direction"), noteEntry.Str("author"), noteEntry.Str("excerpt")]);
        foreach (var entry in timeline)
        {
            Assert.Equal(ticket.Id.ToString(), entry.Str("ticketId"));
            Assert.Equal(ticket.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.Str("ticketNumber"));
            Assert.Equal("Broken invoice", entry.Str("subject"));
            Assert.Equal("email", entry.Str("channel"));
        }

        Assert.Equal("new → resolved", status.Str("excerpt"));
        Assert.Equal("Anna Silva", status.Str("author"));
        Assert.Equal(ticket.Id, created.Id());
        Assert.Equal(reply.At, replyEntry.GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Renamed_clients_and_agents_show_their_current_names_on_old_entries()
    {
        using var agent = await host.CreateAgentClientAsync();
        var jan = await desk.ClientAsync("Jan Kowalski");
        var anna = await desk.AgentAsync("Anna Silva");
        var ticket = await desk.TicketAsync(jan, "Hello");
        await desk.MessageAsync(ticket, "out", "Hi Jan", author: "Anna Silva", recipient: "Jan Kowalski", agentId: anna);
        await desk.MessageAsync(ticket, "in", "Hi Anna", author: "Jan Kowalski", recipient: "Anna Silva");

        await host.EventAsync(new ClientRenamed(jan, "Jan Nowak"));
        await host.EventAsync(new AgentUpdated(anna, "Anna Silva-Maj", "a@example.test", "agent", true));
        // An older rename delivered late does not win over the newer one.
        await host.EventAsync(new ClientRenamed(jan, "Jan Stale") { OccurredAt = DateTimeOffset.UtcNow.AddHours(-1) });

        var timeline = await agent.TimelineAsync(jan, "&kind=message");
        Assert.Equal<IEnumerable<string?>>(["Jan Nowak", "Anna Silva-Maj"], [timeline[0].Str("author"), timeline[1].Str("author")]);
        Assert.Equal("Jan Nowak", timeline[1].Str("recipient"));
    }

    [Fact]
    public async Task The_same_event_delivered_twice_and_the_same_message_published_twice_make_one_entry()
    {
        using var agent = await host.CreateAgentClientAsync();
        var jan = await desk.ClientAsync("Jan Twice");
        var ticket = await desk.TicketAsync(jan, "Twice");
        var message = desk.Message(ticket, "in", "Only once please", "Jan Twice", "Support");

        await host.EventAsync(message);
        await host.EventAsync(message);
        await host.EventAsync(message with { EventId = Guid.NewGuid() });
        var status = new TicketStatusChanged(ticket.Id, ticket.Number, jan, "new", "open", Desk.System);
        await host.EventAsync(status);
        await host.EventAsync(status);

        var timeline = await agent.TimelineAsync(jan);
        Assert.Equal(["statusChanged", "message", "ticketCreated"], timeline.Select(e => e.Str("kind")));
        Assert.Equal(1, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM history.event_log WHERE event_id = @id", ("id", message.EventId)));
    }

    [Fact]
    public async Task Paging_has_no_gaps_or_repeats_while_new_entries_arrive()
    {
        using var agent = await host.CreateAgentClientAsync();
        var jan = await desk.ClientAsync("Jan Pages");
        var ticket = await desk.TicketAsync(jan, "Many messages");
        var first = new List<Guid> { ticket.Id };
        for (var i = 0; i < 40; i++)
        {
            first.Add((await desk.MessageAsync(ticket, i % 2 == 0 ? "in" : "out", $"message {i}")).MessageId);
        }

        // Several entries at the very same time: the id breaks the tie.
        var sameTime = desk.Tick();
        for (var i = 0; i < 5; i++)
        {
            var message = desk.Message(ticket, "in", $"same time {i}", "Jan Pages", "Support") with { At = sameTime };
            await host.EventAsync(message);
            first.Add(message.MessageId);
        }

        var seen = new List<Guid>();
        var url = $"/api/v1/clients/{jan}/timeline?limit=7";
        string? cursor = null;
        var pages = 0;
        do
        {
            var (items, next) = await agent.PageAsync(cursor is null ? url : $"{url}&cursor={cursor}");
            Assert.True(items.Count <= 7);
            seen.AddRange(items.Select(e => e.Id()));
            cursor = next;
            pages++;
            for (var i = 0; i < 3; i++)
            {
                await desk.MessageAsync(ticket, "in", $"arrived while paging {pages}.{i}");
            }
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(first.OrderBy(id => id), seen.OrderBy(id => id));
        var all = await agent.TimelineAsync(jan);
        Assert.Equal(seen, all.Select(e => e.Id()).Where(first.Contains).ToList());
        var times = all.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);
    }

    [Fact]
    public async Task Filters_by_channel_type_channel_id_and_kind()
    {
        using var agent = await host.CreateAgentClientAsync();
        var jan = await desk.ClientAsync("Jan Filters");
        var email = await desk.TicketAsync(jan, "By email");
        var telegram = await desk.TicketAsync(jan, "By Telegram", telegram: true);
        var byEmail = await desk.MessageAsync(email, "in", "email text");
        var byTelegram = await desk.MessageAsync(telegram, "in", "telegram text");
        var note = await desk.MessageAsync(telegram, "internal", "a note");

        Assert.Equal([note.MessageId, byTelegram.MessageId, telegram.Id],
            (await agent.TimelineAsync(jan, "&channel=telegram")).Select(e => e.Id()));
        Assert.Equal([byEmail.MessageId, email.Id],
            (await agent.TimelineAsync(jan, $"&channel={desk.EmailChannel}")).Select(e => e.Id()));
        Assert.Equal([byTelegram.MessageId, byEmail.MessageId],
            (await agent.TimelineAsync(jan, "&kind=message")).Select(e => e.Id()));
        Assert.Equal([note.MessageId, byTelegram.MessageId, byEmail.MessageId],
            (await agent.TimelineAsync(jan, "&kind=message,note")).Select(e => e.Id()));
        Assert.Equal([note.MessageId],
            (await agent.TimelineAsync(jan, "&kind=note&channel=Telegram")).Select(e => e.Id()));
    }

    [Fact]
    public async Task Bad_filters_and_cursors_are_validation_problems_and_strangers_are_refused()
    {
        using var agent = await host.CreateAgentClientAsync();
        using var anonymous = host.CreateClient();
        var jan = Guid.NewGuid();

        using var badKind = await agent.GetAsync($"/api/v1/clients/{jan}/timeline?kind=message,gossip");
        await badKind.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["kind"], await badKind.ValidationFieldsAsync());
        using var badCursor = await agent.GetAsync($"/api/v1/clients/{jan}/timeline?cursor=not-a-cursor");
        await badCursor.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["cursor"], await badCursor.ValidationFieldsAsync());
        using var unknown = await agent.GetAsync($"/api/v1/clients/{jan}/timeline");
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Empty((await unknown.JsonAsync()).GetProperty("items").EnumerateArray());

        foreach (var url in new[]
                 {
                     $"/api/v1/clients/{jan}/timeline", $"/api/v1/organizations/{jan}/timeline", $"/api/v1/clients/{jan}/changes",
                     $"/api/v1/clients/{jan}/changes/{Guid.NewGuid()}", $"/api/v1/organizations/{jan}/changes", "/api/v1/outbound",
                 })
        {
            using var refused = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
    }
}
