using System.Net;
using System.Net.Http.Json;
using ModularDesk.Channels.Contracts;
using ModularDesk.Channels.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Channels.Tests.Inbox;

/// <summary>
/// Messages accepted at the same moment are written together (group commit): each still stored exactly once,
/// every caller told its own inbox id, duplicates recognised inside a group and across groups, the window start kept
/// per sender, at least one wake-up event per group, and a message the database refuses failing only its own caller.
/// </summary>
public sealed class InboxGroupCommitTests(ChannelsHostFixture host) : IClassFixture<ChannelsHostFixture>
{
    private static readonly Guid ApiChannel = BuiltInChannels.ApiChannelId;

    private static object Message(string externalMessageId, string phone, string text, DateTimeOffset? sentAt = null) => new
    {
        channelId = ApiChannel,
        externalMessageId,
        from = new { kind = "phone", value = phone, displayName = "Group " + phone },
        text,
        sentAt,
    };

    [Fact]
    public async Task Three_hundred_concurrent_posts_of_150_messages_store_each_once_with_its_own_id_and_a_wake_up()
    {
        using var admin = await host.AdminAsync();
        var run = Guid.NewGuid().ToString("N")[..8];
        var sentAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        var posts = Enumerable.Range(0, 300)
            .Select(i => (ExternalId: $"group-{run}-{i % 150}", Phone: $"+4861{i % 30:D7}", Text: $"Message {i % 150}"))
            .OrderBy(_ => Random.Shared.Next())
            .ToList();
        var started = DateTimeOffset.UtcNow;

        var responses = await Task.WhenAll(posts.Select(async p =>
        {
            using var response = await admin.PostAsJsonAsync("/api/v1/inbound", Message(p.ExternalId, p.Phone, p.Text, sentAt));
            var body = await response.JsonAsync();
            return (p.ExternalId, response.StatusCode, InboxId: body.GetProperty("inboxId").GetGuid(), Duplicate: body.GetProperty("duplicate").GetBoolean());
        }));

        Assert.Equal(150, responses.Count(r => r.StatusCode == HttpStatusCode.Accepted && !r.Duplicate));
        Assert.Equal(150, responses.Count(r => r.StatusCode == HttpStatusCode.OK && r.Duplicate));
        foreach (var message in responses.GroupBy(r => r.ExternalId))
        {
            Assert.Single(message.Select(r => r.InboxId).Distinct()); // the original and its duplicate name the same row
            var stored = await host.Database.ScalarAsync<string>(
                "SELECT payload->>'text' FROM channels.inbox_messages WHERE id = @id AND external_message_id = @e",
                ("id", message.First().InboxId), ("e", message.Key));
            Assert.Equal("Message " + message.Key.Split('-')[^1], stored);
        }

        Assert.Equal(150, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM channels.inbox_messages WHERE channel_id = @c AND external_message_id LIKE @p",
            ("c", ApiChannel), ("p", $"group-{run}-%")));

        // Every new message woke the ingestion: its group published an event naming a message of this run.
        var ids = responses.Select(r => r.InboxId.ToString()).Distinct().ToArray();
        var events = await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM channels.outbox_messages WHERE event_type LIKE '%InboundMessageReceived%' AND payload->>'inboxId' = ANY(@ids)",
            ("ids", ids));
        Assert.InRange(events, 1, 150);

        // The 24-hour window of each of the 30 senders starts at its message's time, written with the group.
        var windows = await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM channels.contact_last_inbound WHERE channel_id = @c AND address_key LIKE 'phone:4861%' AND last_inbound_at >= @s AND last_inbound_at < @now",
            ("c", ApiChannel), ("s", sentAt.AddSeconds(-1)), ("now", started));
        Assert.Equal(30, windows);

        // Posting them all again later: every one is a duplicate of its stored row.
        var again = await Task.WhenAll(posts.Take(40).Select(async p =>
        {
            using var response = await admin.PostAsJsonAsync("/api/v1/inbound", Message(p.ExternalId, p.Phone, p.Text, sentAt));
            return (p.ExternalId, response.StatusCode, InboxId: (await response.JsonAsync()).GetProperty("inboxId").GetGuid());
        }));
        Assert.All(again, r =>
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal(responses.First(o => o.ExternalId == r.ExternalId).InboxId, r.InboxId);
        });
    }

    [Fact]
    public async Task A_message_the_database_refuses_fails_alone_and_the_messages_written_with_it_are_stored()
    {
        using var admin = await host.AdminAsync();
        var run = Guid.NewGuid().ToString("N")[..8];

        // PostgreSQL's jsonb refuses the NUL character, so this message fails in the middle of whatever group it joins.
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            var text = i == 17 ? "broken \u0000 text" : $"fine {i}";
            using var response = await admin.PostAsJsonAsync("/api/v1/inbound", Message($"bad-{run}-{i}", $"+4862{i:D7}", text));
            return (Index: i, response.StatusCode);
        }));

        Assert.All(responses.Where(r => r.Index != 17), r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        Assert.Equal(HttpStatusCode.InternalServerError, responses.Single(r => r.Index == 17).StatusCode);
        Assert.Equal(39, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM channels.inbox_messages WHERE channel_id = @c AND external_message_id LIKE @p",
            ("c", ApiChannel), ("p", $"bad-{run}-%")));
    }
}
