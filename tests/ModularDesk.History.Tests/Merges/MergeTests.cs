using System.Net;
using ModularDesk.Clients.Contracts.Events;
using ModularDesk.History.Tests.Support;
using ModularDesk.Testing;
using ModularDesk.Tickets.Contracts.Events;

namespace ModularDesk.History.Tests.Merges;

/// <summary>Merging moves a card's timeline to the survivor, undoing moves it back, deleting removes it.</summary>
public sealed class MergeTests(HostFixture host) : IClassFixture<HostFixture>
{
    private readonly Desk desk = new(host);

    [Fact]
    public async Task Merge_moves_entries_to_the_survivor_and_undo_moves_them_back_including_late_ones()
    {
        using var agent = await host.CreateAgentClientAsync();
        var survivor = await desk.ClientAsync("Jan Kowalski");
        var merged = await desk.ClientAsync("J. Kowalski (Telegram)");
        var survivorTicket = await desk.TicketAsync(survivor, "By email");
        var mergedTicket = await desk.TicketAsync(merged, "By Telegram", telegram: true);
        var survivorMessage = await desk.MessageAsync(survivorTicket, "in", "email question");
        var mergedMessage = await desk.MessageAsync(mergedTicket, "in", "telegram question", author: "J. Kowalski");
        // Written before the merge but delivered after it (another module's outbox): it must follow the merge too.
        var late = desk.Message(mergedTicket, "out", "telegram answer", "Anna", "J. Kowalski");

        var merge = new ClientsMerged(Guid.NewGuid(), survivor, merged, new("agent", null, "Anna"));
        await host.EventAsync(merge);
        await host.EventAsync(late);

        var afterMerge = await agent.TimelineAsync(survivor);
        Assert.Equal("merge", afterMerge[0].Str("kind"));
        Assert.Contains("J. Kowalski (Telegram)", afterMerge[0].Str("excerpt"));
        Assert.Equal(
            new[] { late.MessageId, mergedMessage.MessageId, survivorMessage.MessageId }.Order(),
            afterMerge.Where(e => e.Str("kind") == "message").Select(e => e.Id()).Order());
        Assert.All(afterMerge, e => Assert.Equal(survivor.ToString(), e.Str("clientId")));
        var movedMessage = afterMerge.Single(e => e.Id() == mergedMessage.MessageId);
        Assert.Equal(merged.ToString(), movedMessage.Str("originalClientId"));
        Assert.Equal("Jan Kowalski", movedMessage.Str("author")); // the person is the survivor now
        Assert.Empty(await agent.TimelineAsync(merged));

        await host.EventAsync(new ClientMergeUndone(merge.MergeId, survivor, merged, [], new("agent", null, "Anna")));

        var survivorAfterUndo = await agent.TimelineAsync(survivor);
        var mergedAfterUndo = await agent.TimelineAsync(merged);
        Assert.Equal(["unmerge", "merge", "message", "ticketCreated"], survivorAfterUndo.Select(e => e.Str("kind")));
        Assert.Equal(survivorMessage.MessageId, survivorAfterUndo[2].Id());
        Assert.Equal(["unmerge", "message", "message", "ticketCreated"], mergedAfterUndo.Select(e => e.Str("kind")));
        Assert.Equal([late.MessageId, mergedMessage.MessageId], mergedAfterUndo.Skip(1).Take(2).Select(e => e.Id()));
        Assert.Equal("J. Kowalski (Telegram)", mergedAfterUndo[2].Str("author"));
    }

    [Fact]
    public async Task Chained_merges_undo_one_at_a_time()
    {
        using var agent = await host.CreateAgentClientAsync();
        var a = await desk.ClientAsync("A");
        var b = await desk.ClientAsync("B");
        var c = await desk.ClientAsync("C");
        var messageOfB = await desk.MessageAsync(await desk.TicketAsync(b, "b"), "in", "from b", author: "B");
        var ticketOfC = await desk.TicketAsync(c, "c");
        var messageOfC = await desk.MessageAsync(ticketOfC, "in", "from c", author: "C");
        var cIntoB = new ClientsMerged(Guid.NewGuid(), b, c, Desk.System);
        var bIntoA = new ClientsMerged(Guid.NewGuid(), a, b, Desk.System);
        await host.EventsAsync(cIntoB, bIntoA);
        var lateOfC = await desk.MessageAsync(ticketOfC, "in", "late from c", author: "C");

        Assert.Equal(new[] { messageOfB.MessageId, messageOfC.MessageId, lateOfC.MessageId }.ToHashSet(),
            (await agent.TimelineAsync(a, "&kind=message")).Select(e => e.Id()).ToHashSet());

        await host.EventAsync(new ClientMergeUndone(bIntoA.MergeId, a, b, [], Desk.System));
        Assert.Empty(await agent.TimelineAsync(a, "&kind=message"));
        Assert.Equal(3, (await agent.TimelineAsync(b, "&kind=message")).Count);

        await host.EventAsync(new ClientMergeUndone(cIntoB.MergeId, b, c, [], Desk.System));
        Assert.Equal([messageOfB.MessageId], (await agent.TimelineAsync(b, "&kind=message")).Select(e => e.Id()));
        Assert.Equal([lateOfC.MessageId, messageOfC.MessageId], (await agent.TimelineAsync(c, "&kind=message")).Select(e => e.Id()));
    }

    [Fact]
    public async Task A_ticket_moved_to_another_client_takes_its_entries_along()
    {
        using var agent = await host.CreateAgentClientAsync();
        var wrong = await desk.ClientAsync("Wrong Person");
        var right = await desk.ClientAsync("Right Person");
        var ticket = await desk.TicketAsync(wrong, "Misfiled");
        var message = await desk.MessageAsync(ticket, "in", "hello");

        await host.EventAsync(new TicketClientChanged(ticket.Id, wrong, right, Desk.System));

        Assert.Empty(await agent.TimelineAsync(wrong));
        var moved = await agent.TimelineAsync(right);
        Assert.Equal([message.MessageId, ticket.Id], moved.Select(e => e.Id()));
        Assert.Equal("Right Person", moved[0].Str("author"));
    }

    [Fact]
    public async Task Deleting_a_client_removes_its_timeline_changes_and_outbound_and_late_events_stay_out()
    {
        using var agent = await host.CreateAgentClientAsync();
        var jan = await desk.ClientAsync("Jan Deleted");
        var ticket = await desk.TicketAsync(jan, "Secret subject");
        await desk.MessageAsync(ticket, "in", "secret text");
        await host.EventAsync(new ClientCardChanged(jan, "fieldChanged", Desk.System, "Phone changed", """{"phone":"+48 1"}""", """{"phone":"+48 2"}"""));

        await host.EventAsync(new ClientDeleted(jan, Desk.System));
        await desk.MessageAsync(ticket, "in", "late secret text");

        using var timeline = await agent.GetAsync($"/api/v1/clients/{jan}/timeline");
        await timeline.AssertProblemAsync(404, "not-found");
        using var changes = await agent.GetAsync($"/api/v1/clients/{jan}/changes");
        await changes.AssertProblemAsync(404, "not-found");
        Assert.Equal(0, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM history.timeline_entries WHERE client_id = @id OR original_client_id = @id", ("id", jan)));
        Assert.Equal(0, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM history.event_log WHERE payload::text LIKE '%secret%'"));
    }
}
