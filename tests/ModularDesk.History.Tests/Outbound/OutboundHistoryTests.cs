using ModularDesk.Channels.Contracts.Outbound;
using ModularDesk.History.Tests.Support;
using ModularDesk.Testing;
using ModularDesk.Tickets.Contracts.Events;

namespace ModularDesk.History.Tests.Outbound;

/// <summary>H4 outbound history (desk-wide and per client), delivery statuses on the timeline, and H5 chat ratings.</summary>
public sealed class OutboundHistoryTests(HostFixture host) : IClassFixture<HostFixture>
{
    private readonly Desk desk = new(host);

    [Fact]
    public async Task Card_messages_and_replies_are_in_the_outbound_history_with_their_latest_status()
    {
        using var agent = await host.CreateAgentClientAsync();
        var jan = await desk.ClientAsync("Jan Outbound");
        var eva = await desk.ClientAsync("Eva Outbound");
        var ticket = await desk.TicketAsync(jan, "Reply wanted");
        var reply = await desk.MessageAsync(ticket, "out", "Here is your answer", author: "Anna", recipient: "Jan Outbound");
        var replySent = new OutboundQueued(Guid.NewGuid(), desk.EmailChannel, "email", jan, ticket.Id, reply.MessageId,
            "jan@example.test", "Here is your answer", "Anna", desk.Tick());
        var cardMessage = new OutboundQueued(Guid.NewGuid(), desk.TelegramChannel, "telegram", jan, null, null,
            "@jan", "Your parcel has left", "Anna", desk.Tick());
        var toEva = new OutboundQueued(Guid.NewGuid(), desk.EmailChannel, "email", eva, null, null, "eva@example.test", "Hi Eva", "Anna", desk.Tick());

        // Statuses of another outbox may come first, and out of order: the latest one wins.
        var delivered = new OutboundStatusChanged(cardMessage.OutboundId, desk.TelegramChannel, jan, null, null, "delivered", null, desk.Tick());
        var sent = new OutboundStatusChanged(cardMessage.OutboundId, desk.TelegramChannel, jan, null, null, "sent", null, delivered.At.AddSeconds(-1));
        await host.EventsAsync(delivered, replySent, cardMessage, sent, toEva);
        await host.EventAsync(new OutboundStatusChanged(replySent.OutboundId, desk.EmailChannel, jan, ticket.Id, reply.MessageId, "failed", "Mailbox full", desk.Tick()));

        var janOutbound = await HistoryApi.AllPagesAsync(agent, $"/api/v1/outbound?clientId={jan}");
        Assert.Equal([cardMessage.OutboundId, replySent.OutboundId], janOutbound.Select(o => o.Id()));
        Assert.Equal(["delivered", "failed"], janOutbound.Select(o => o.Str("status")));
        Assert.Equal("Mailbox full", janOutbound[1].Str("reason"));
        Assert.Equal<IEnumerable<string?>>(["@jan", "Your parcel has left", "Jan Outbound"],
            [janOutbound[0].Str("recipient"), janOutbound[0].Str("excerpt"), janOutbound[0].Str("clientName")]);

        var deskWide = await HistoryApi.AllPagesAsync(agent, "/api/v1/outbound?limit=1");
        Assert.Superset(new[] { toEva.OutboundId, cardMessage.OutboundId, replySent.OutboundId }.ToHashSet(), deskWide.Select(o => o.Id()).ToHashSet());
        Assert.Equal([toEva.OutboundId], (await HistoryApi.AllPagesAsync(agent, $"/api/v1/outbound?clientId={eva}&channelId={desk.EmailChannel}")).Select(o => o.Id()));

        var timeline = await agent.TimelineAsync(jan);
        var outboundEntry = timeline.Single(e => e.Str("kind") == "outbound");
        Assert.Equal(cardMessage.OutboundId, outboundEntry.Id());
        Assert.Equal<IEnumerable<string?>>(["out", "Anna", "Jan Outbound", "delivered", "telegram"],
            [outboundEntry.Str("direction"), outboundEntry.Str("author"), outboundEntry.Str("recipient"), outboundEntry.Str("deliveryStatus"), outboundEntry.Str("channel")]);
        var replyEntry = timeline.Single(e => e.Id() == reply.MessageId);
        Assert.Equal<IEnumerable<string?>>(["failed", "Mailbox full"], [replyEntry.Str("deliveryStatus"), replyEntry.Str("deliveryReason")]);
    }

    [Fact]
    public async Task A_chat_rating_shows_on_the_chat_entries_also_for_messages_after_it()
    {
        using var agent = await host.CreateAgentClientAsync();
        var jan = await desk.ClientAsync("Jan Chat");
        var chat = await desk.TicketAsync(jan, "Chat", telegram: true);
        await desk.MessageAsync(chat, "in", "hi");
        var other = await desk.TicketAsync(jan, "Email");

        await host.EventAsync(new ChatRated(chat.Id, jan, "neutral", desk.Tick()));
        await host.EventAsync(new ChatRated(chat.Id, jan, "good", desk.Tick()));
        await host.EventAsync(new ChatRated(chat.Id, jan, "bad", desk.Clock.AddMinutes(-5))); // older, delivered late
        await desk.MessageAsync(chat, "out", "thanks for rating");

        var timeline = await agent.TimelineAsync(jan);
        Assert.All(timeline.Where(e => e.Str("ticketId") == chat.Id.ToString()), e => Assert.Equal("good", e.Str("rating")));
        Assert.Null(timeline.Single(e => e.Id() == other.Id).Str("rating"));
    }
}
