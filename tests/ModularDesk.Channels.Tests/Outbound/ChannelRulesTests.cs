using ModularDesk.Channels.Contracts.Outbound;

namespace ModularDesk.Channels.Tests.Outbound;

/// <summary>
/// The rules the queue enforces before storing anything, and the reachability answer that shows the same rules to
/// agents: Meta's 24-hour window (WhatsApp templates after it, Facebook nothing), opt-outs, unreachable addresses.
/// The window is opened by the client's inbound message, here posted through the channel's webhook like a service.
/// </summary>
public sealed class ChannelRulesTests(OutboundHostFixture host) : IClassFixture<OutboundHostFixture>
{
    private static readonly OutboundTemplate Template = new("order_update", "pl", ["1042"]);

    private static string NewPhone() => "+4860" + Random.Shared.Next(1000000, 9999999);

    private Task InboundAsync(Guid channelId, string kind, string from, string? messenger = null, DateTimeOffset? sentAt = null) =>
        host.WebhookAsync(channelId, new
        {
            inbound = new { externalMessageId = Guid.NewGuid().ToString(), kind, from, messenger, text = "Hej", sentAt },
        });

    private Task<IReadOnlyList<ContactReachabilityInfo>> ReachabilityAsync(Guid? clientId, params OutboundRecipient[] recipients) =>
        host.WithServiceAsync<IReadOnlyList<ContactReachabilityInfo>, IContactReachability>(r => r.CheckAsync(clientId, recipients));

    [Fact]
    public async Task WhatsApp_without_a_message_from_the_client_refuses_free_text_but_sends_an_approved_template()
    {
        var whatsapp = await host.CreateChannelAsync("whatsapp");
        var phone = NewPhone();

        var text = await host.EnqueueAsync(new OutboundRequest(whatsapp.Id, new("phone", phone), "Dzień dobry"));
        var template = await host.EnqueueAsync(new OutboundRequest(whatsapp.Id, new("phone", phone), "") { Template = Template });

        Assert.Equal("channel-window-closed", text.RefusalType);
        Assert.Contains("template", text.RefusalDetail);
        Assert.True(template.IsQueued, template.RefusalDetail);
        await host.WaitForStatusAsync(template.OutboundId!.Value, "sent");
        var sent = Assert.Single(whatsapp.Sends(template.OutboundId!.Value)).GetProperty("message");
        Assert.Equal("order_update", sent.GetProperty("template").GetProperty("name").GetString());
        Assert.Equal("1042", sent.GetProperty("template").GetProperty("parameters")[0].GetString());
        Assert.Equal("phone", sent.GetProperty("recipient").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task WhatsApp_free_text_is_sent_within_24_hours_of_the_clients_last_message_from_that_number()
    {
        var whatsapp = await host.CreateChannelAsync("whatsapp");
        var phone = NewPhone();

        // WhatsApp identifies the sender by wa_id (the number's digits); the agent writes to the card's E.164 phone.
        await InboundAsync(whatsapp.Id, "messenger", phone.TrimStart('+'), "whatsapp");
        var result = await host.EnqueueAsync(new OutboundRequest(whatsapp.Id, new("phone", phone), "Dzień dobry"));

        Assert.True(result.IsQueued, result.RefusalDetail);
        await host.WaitForStatusAsync(result.OutboundId!.Value, "sent");
        var reach = Assert.Single(await ReachabilityAsync(null, new OutboundRecipient("phone", phone)), r => r.ChannelId == whatsapp.Id);
        Assert.True(reach.CanSendText);
        Assert.True(reach.CanSendTemplate);
        Assert.Null(reach.Reason);
        Assert.InRange(reach.WindowClosesAt!.Value, DateTimeOffset.UtcNow.AddHours(23.9), DateTimeOffset.UtcNow.AddHours(24));
    }

    [Fact]
    public async Task A_message_the_client_wrote_more_than_24_hours_ago_leaves_the_window_closed_even_if_it_arrives_now()
    {
        var whatsapp = await host.CreateChannelAsync("whatsapp");
        var facebook = await host.CreateChannelAsync("facebook");
        var phone = NewPhone();
        var psid = Guid.NewGuid().ToString("N");
        var wroteAt = DateTimeOffset.UtcNow.AddHours(-25);
        await InboundAsync(whatsapp.Id, "phone", phone, sentAt: wroteAt);
        await InboundAsync(facebook.Id, "messenger", psid, "facebook", sentAt: wroteAt);

        var whatsappText = await host.EnqueueAsync(new OutboundRequest(whatsapp.Id, new("phone", phone), "Hej"));
        var facebookText = await host.EnqueueAsync(new OutboundRequest(facebook.Id, new("messenger", psid, "facebook"), "Hej"));
        var facebookTemplate = await host.EnqueueAsync(new OutboundRequest(facebook.Id, new("messenger", psid, "facebook"), "") { Template = Template });

        Assert.Equal("channel-window-closed", whatsappText.RefusalType);
        Assert.Equal("channel-window-closed", facebookText.RefusalType);
        Assert.Equal("channel-cannot-send", facebookTemplate.RefusalType);
        var reach = Assert.Single(await ReachabilityAsync(null, new OutboundRecipient("phone", phone)), r => r.ChannelId == whatsapp.Id);
        Assert.False(reach.CanSendText);
        Assert.True(reach.CanSendTemplate);
        Assert.Equal("window-closed", reach.Reason);
        Assert.Equal(wroteAt.AddHours(24).ToUnixTimeMilliseconds(), reach.WindowClosesAt!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task An_opted_out_client_is_refused_on_that_channel_type_until_they_opt_in_again()
    {
        var channel = await host.CreateChannelAsync("email");
        var clientId = Guid.NewGuid();
        var request = new OutboundRequest(channel.Id, new("email", "optout@example.test"), "Newsletter") { ClientId = clientId };

        await host.WithServiceAsync<bool, IConsentRegistry>(async r =>
        {
            await r.SetAsync(clientId, "email", optedOut: true, "client replied STOP");
            return true;
        });
        var refused = await host.EnqueueAsync(request);
        var consents = await host.WithServiceAsync<IReadOnlyList<ClientConsent>, IConsentRegistry>(r => r.GetAsync(clientId));
        var reach = Assert.Single(await ReachabilityAsync(clientId, new OutboundRecipient("email", "optout@example.test")), r => r.ChannelId == channel.Id);

        Assert.Equal("opted-out", refused.RefusalType);
        var consent = Assert.Single(consents);
        Assert.Equal(("email", "optedOut", "client replied STOP"), (consent.ChannelType, consent.Status, consent.Source));
        Assert.False(reach.CanSendText);
        Assert.Equal("opted-out", reach.Reason);

        await host.WithServiceAsync<bool, IConsentRegistry>(async r =>
        {
            await r.SetAsync(clientId, "email", optedOut: false, "agent");
            return true;
        });
        Assert.True((await host.EnqueueAsync(request)).IsQueued);
        Assert.Equal("optedIn", Assert.Single(await host.WithServiceAsync<IReadOnlyList<ClientConsent>, IConsentRegistry>(r => r.GetAsync(clientId))).Status);
    }

    [Fact]
    public async Task An_address_the_connector_marked_unreachable_is_refused_until_the_contact_writes_again()
    {
        var email = await host.CreateChannelAsync("email");
        var telegram = await host.CreateChannelAsync("telegram");
        var address = $"gone-{Guid.NewGuid():N}@Example.test";
        var userId = Random.Shared.Next(1, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await host.WebhookAsync(email.Id, new { unreachable = new { kind = "email", value = address.ToLowerInvariant(), reason = "mailbox does not exist" } });
        await host.WebhookAsync(telegram.Id, new { unreachable = new { kind = "messenger", value = userId, messenger = "telegram", reason = "the user blocked the bot" } });

        var refused = await host.EnqueueAsync(new OutboundRequest(email.Id, new("email", address), "Hello"));
        var reach = await ReachabilityAsync(null, new OutboundRecipient("email", address), new OutboundRecipient("messenger", userId, "telegram"));

        Assert.Equal("contact-unreachable", refused.RefusalType);
        Assert.Contains("mailbox does not exist", refused.RefusalDetail);
        var byEmail = Assert.Single(reach, r => r.ChannelId == email.Id);
        Assert.Equal("bounced: mailbox does not exist", byEmail.Reason);
        Assert.False(byEmail.CanSendText);
        var byTelegram = Assert.Single(reach, r => r.ChannelId == telegram.Id);
        Assert.Equal("blocked: the user blocked the bot", byTelegram.Reason);
        Assert.Equal("telegram", byTelegram.ChannelType);

        await InboundAsync(telegram.Id, "messenger", userId, "telegram");
        var unblocked = Assert.Single(await ReachabilityAsync(null, new OutboundRecipient("messenger", userId, "telegram")), r => r.ChannelId == telegram.Id);
        Assert.True(unblocked.CanSendText);
        Assert.Null(unblocked.Reason);
    }

    [Fact]
    public async Task Reachability_lists_each_address_on_every_enabled_channel_that_can_reach_its_kind()
    {
        var email = await host.CreateChannelAsync("email");
        var whatsapp = await host.CreateChannelAsync("whatsapp");
        var telegram = await host.CreateChannelAsync("telegram");
        var phone = NewPhone();

        var reach = await ReachabilityAsync(
            null,
            new OutboundRecipient("email", "anna@example.test"),
            new OutboundRecipient("phone", phone),
            new OutboundRecipient("messenger", "4242", "telegram"));

        Assert.Contains(reach, r => r.ChannelId == email.Id && r.Recipient.Kind == "email" && r.CanSendText && r.WindowClosesAt is null);
        Assert.Contains(reach, r => r.ChannelId == whatsapp.Id && r.Recipient.Kind == "phone" && !r.CanSendText && r.CanSendTemplate);
        Assert.Contains(reach, r => r.ChannelId == telegram.Id && r.Recipient.Kind == "messenger" && r.CanSendText);
        Assert.DoesNotContain(reach, r => r.ChannelId == email.Id && r.Recipient.Kind != "email");
        Assert.DoesNotContain(reach, r => r.ChannelId == telegram.Id && r.Recipient.Kind != "messenger");
        Assert.DoesNotContain(reach, r => r.ChannelType == OutboundHostFixture.TestPluginId);
    }

    [Fact]
    public async Task A_sent_time_in_the_future_opens_the_window_from_when_the_message_arrived_not_later()
    {
        var whatsapp = await host.CreateChannelAsync("whatsapp");
        var phone = NewPhone();

        await InboundAsync(whatsapp.Id, "phone", phone, sentAt: DateTimeOffset.UtcNow.AddDays(3));

        var reach = Assert.Single(await ReachabilityAsync(null, new OutboundRecipient("phone", phone)), r => r.ChannelId == whatsapp.Id);
        Assert.True(reach.CanSendText);
        Assert.InRange(reach.WindowClosesAt!.Value, DateTimeOffset.UtcNow.AddHours(23.9), DateTimeOffset.UtcNow.AddHours(24));
    }
}
