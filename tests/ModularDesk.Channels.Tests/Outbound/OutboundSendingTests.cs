using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.BuildingBlocks.Files;
using ModularDesk.Channels.Contracts;
using ModularDesk.Channels.Contracts.Outbound;

namespace ModularDesk.Channels.Tests.Outbound;

/// <summary>
/// The queue and the background sender through <see cref="IOutboundQueue"/> (as Tickets and Clients call it) and a
/// real plugin connector that records what it was given and answers as each test scripts it.
/// </summary>
public sealed class OutboundSendingTests(OutboundHostFixture host) : IClassFixture<OutboundHostFixture>
{
    private static OutboundRequest Email(Guid channelId, string to, string text = "Dzień dobry, odpowiadamy na zgłoszenie.") =>
        new(channelId, new OutboundRecipient("email", to), text);

    [Fact]
    public async Task A_reply_is_sent_by_the_channels_connector_with_threading_attachments_and_the_services_id()
    {
        var channel = await host.CreateChannelAsync();
        StoredFile file;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            file = await scope.ServiceProvider.GetRequiredService<IFileStore>()
                .SaveAsync(new MemoryStream(Encoding.UTF8.GetBytes("invoice 42")), 1024);
        }

        var (clientId, ticketId, ticketMessageId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var result = await host.EnqueueAsync(Email(channel.Id, "anna@example.test") with
        {
            ClientId = clientId,
            TicketId = ticketId,
            TicketMessageId = ticketMessageId,
            TicketNumber = 1042,
            Subject = "Re: Faktura",
            Html = "<p>Dzień dobry</p>",
            InReplyTo = "<original@example.test>",
            References = ["<first@example.test>", "<original@example.test>"],
            SenderDisplayName = "Anna from Acme support",
            Attachments = [new OutboundFile("invoice.txt", "text/plain", file.Key, file.Size)],
        });

        Assert.True(result.IsQueued, result.RefusalDetail);
        var outboundId = result.OutboundId!.Value;
        var sent = await host.WaitForStatusAsync(outboundId, "sent");
        Assert.Equal($"ext-{outboundId:N}", sent.ExternalMessageId);
        Assert.NotNull(sent.SentAt);

        var send = Assert.Single(channel.Sends(outboundId)).GetProperty("message");
        Assert.Equal(outboundId, send.GetProperty("outboundId").GetGuid());
        Assert.Equal("anna@example.test", send.GetProperty("recipient").GetProperty("value").GetString());
        Assert.Equal("email", send.GetProperty("recipient").GetProperty("kind").GetString());
        Assert.Equal("Dzień dobry, odpowiadamy na zgłoszenie.", send.GetProperty("text").GetString());
        Assert.Equal("Re: Faktura", send.GetProperty("subject").GetString());
        Assert.Equal("<p>Dzień dobry</p>", send.GetProperty("html").GetString());
        Assert.Equal("Anna from Acme support", send.GetProperty("senderDisplayName").GetString());
        var threading = send.GetProperty("threading");
        Assert.Equal("<original@example.test>", threading.GetProperty("inReplyTo").GetString());
        Assert.Equal(2, threading.GetProperty("references").GetArrayLength());
        Assert.Equal(1042, threading.GetProperty("ticketNumber").GetInt64());
        var attachment = Assert.Single(send.GetProperty("attachments").EnumerateArray());
        Assert.Equal("invoice.txt", attachment.GetProperty("name").GetString());
        Assert.Equal("invoice 42", Encoding.UTF8.GetString(attachment.GetProperty("content").GetBytesFromBase64()));

        var queued = Assert.Single(await host.EventsAsync(nameof(OutboundQueued), outboundId));
        Assert.Equal(channel.Id, queued.GetProperty("channelId").GetGuid());
        Assert.Equal(ticketMessageId, queued.GetProperty("ticketMessageId").GetGuid());
        Assert.Equal("anna@example.test", queued.GetProperty("recipientValue").GetString());
        Assert.Equal("Anna from Acme support", queued.GetProperty("senderDisplayName").GetString());
        var statusChanged = Assert.Single(await host.StatusEventsAsync(outboundId));
        Assert.Equal("sent", statusChanged.GetProperty("status").GetString());
        Assert.Equal(clientId, statusChanged.GetProperty("clientId").GetGuid());
        Assert.Equal(ticketId, statusChanged.GetProperty("ticketId").GetGuid());
        Assert.Equal(ticketMessageId, statusChanged.GetProperty("ticketMessageId").GetGuid());
    }

    [Fact]
    public async Task A_permanent_failure_is_not_retried_and_keeps_the_services_reason()
    {
        var channel = await host.CreateChannelAsync();
        var outboundId = (await host.EnqueueAsync(Email(channel.Id, "fail@example.test"))).OutboundId!.Value;

        var failed = await host.WaitForStatusAsync(outboundId, "failed");
        Assert.Equal("the test recipient refuses messages", failed.Error);
        await Task.Delay(300);
        Assert.Single(channel.Sends(outboundId));
        var status = Assert.Single(await host.StatusEventsAsync(outboundId));
        Assert.Equal("failed", status.GetProperty("status").GetString());
        Assert.Equal("the test recipient refuses messages", status.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Retry_later_and_a_throwing_connector_are_retried_until_the_message_is_sent()
    {
        var channel = await host.CreateChannelAsync();
        var busy = (await host.EnqueueAsync(Email(channel.Id, "retry2-busy@example.test"))).OutboundId!.Value;
        var broken = (await host.EnqueueAsync(Email(channel.Id, "throw1-broken@example.test"))).OutboundId!.Value;

        var busySent = await host.WaitForStatusAsync(busy, "sent");
        var brokenSent = await host.WaitForStatusAsync(broken, "sent");

        Assert.Equal(3, channel.Sends(busy).Count);
        Assert.Equal(3, busySent.Attempts);
        Assert.Equal(2, channel.Sends(broken).Count);
        Assert.Equal(2, brokenSent.Attempts);
        Assert.Equal("sent", Assert.Single(await host.StatusEventsAsync(busy)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_message_that_keeps_failing_for_a_while_fails_after_the_last_attempt_with_the_reason()
    {
        var channel = await host.CreateChannelAsync();
        var outboundId = (await host.EnqueueAsync(Email(channel.Id, "soft@example.test"))).OutboundId!.Value;

        var failed = await host.WaitForStatusAsync(outboundId, "failed");

        Assert.Equal(3, channel.Sends(outboundId).Count);
        Assert.Equal("Gave up after 3 attempts: the test service had a hiccup", failed.Error);
    }

    [Fact]
    public async Task Messages_to_one_recipient_go_out_in_the_order_they_were_queued_even_when_one_is_retried()
    {
        var channel = await host.CreateChannelAsync();
        var ids = new List<Guid>();
        foreach (var text in new[] { "first", "second", "third" })
        {
            ids.Add((await host.EnqueueAsync(Email(channel.Id, "retry1-order@example.test", text))).OutboundId!.Value);
        }

        var sent = new List<DateTimeOffset>();
        foreach (var id in ids)
        {
            sent.Add((await host.WaitForStatusAsync(id, "sent")).SentAt!.Value);
        }

        Assert.True(sent[0] < sent[1] && sent[1] < sent[2], string.Join(", ", sent));
    }

    [Fact]
    public async Task The_api_channel_has_no_connector_so_its_messages_are_recorded_as_sent_at_once()
    {
        var result = await host.EnqueueAsync(Email(BuiltInChannels.ApiChannelId, "integration@example.test"));

        Assert.True(result.IsQueued);
        var record = await host.RecordAsync(result.OutboundId!.Value);
        Assert.Equal("sent", record.Status);
        Assert.Null(record.ExternalMessageId);
        Assert.Equal("sent", Assert.Single(await host.StatusEventsAsync(record.Id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_unknown_or_disabled_channel_is_refused_and_nothing_is_stored()
    {
        var unknown = await host.EnqueueAsync(Email(Guid.NewGuid(), "anna@example.test"));
        Assert.Equal("channel-not-found", unknown.RefusalType);

        var channel = await host.CreateChannelAsync();
        using (var admin = await host.CreateAdminClientAsync())
        {
            using var get = await admin.GetAsync($"/api/v1/channels/{channel.Id}");
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/channels/{channel.Id}")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { enabled = false }),
            };
            request.Headers.IfMatch.Add(get.Headers.ETag!);
            using var patched = await admin.SendAsync(request);
            Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync());
        }

        var disabled = await host.EnqueueAsync(Email(channel.Id, "anna@example.test"));
        Assert.Equal("channel-cannot-send", disabled.RefusalType);
        Assert.Null(disabled.OutboundId);
    }
}
