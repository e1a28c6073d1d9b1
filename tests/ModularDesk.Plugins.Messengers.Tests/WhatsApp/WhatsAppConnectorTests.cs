using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ModularDesk.Channels.Contracts.Outbound;
using ModularDesk.Plugins.Messengers.Tests.Fakes;
using ModularDesk.Plugins.Messengers.Tests.Support;
using ModularDesk.Plugins.Sdk;
using ModularDesk.Testing;

namespace ModularDesk.Plugins.Messengers.Tests.WhatsApp;

/// <summary>
/// The <c>whatsapp</c> plugin loaded by the real host, with webhooks posted to the host exactly as Meta posts them
/// (signed with the app secret) and the Cloud API played by a local Graph API fake.
/// </summary>
public sealed class WhatsAppConnectorTests(MessengersHostFixture host) : IClassFixture<MessengersHostFixture>
{
    private const string AppSecret = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private const string VerifyToken = "desk-verify-token-7";
    private static int nextPhone = 100_000;

    private static string NewWaId() => "48601" + Interlocked.Increment(ref nextPhone).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(Guid Channel, string PhoneNumberId)> CreateChannelAsync(string? accessToken = null)
    {
        var phoneNumberId = "1065" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var channel = await host.CreateChannelAsync("whatsapp", new()
        {
            ["phoneNumberId"] = phoneNumberId,
            ["accessToken"] = accessToken ?? host.Graph.AccessToken,
            ["appSecret"] = AppSecret,
            ["verifyToken"] = VerifyToken,
            ["apiBaseUrl"] = host.Graph.BaseUrl,
            ["apiVersion"] = FakeGraphApi.Version,
        });
        return (channel, phoneNumberId);
    }

    [Fact]
    public async Task The_verification_handshake_echoes_the_challenge_only_for_the_right_verify_token()
    {
        var (channel, _) = await CreateChannelAsync();
        using var meta = host.CreateClient();

        using var ok = await meta.GetAsync($"/channels/{channel}/webhook?hub.mode=subscribe&hub.verify_token={VerifyToken}&hub.challenge=1158201444");
        using var wrong = await meta.GetAsync($"/channels/{channel}/webhook?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("1158201444", await ok.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
    }

    [Fact]
    public async Task A_signed_message_is_stored_once_with_the_phone_and_profile_name_and_unsigned_ones_are_refused()
    {
        var (channel, phoneNumberId) = await CreateChannelAsync();
        var waId = NewWaId();
        var wamid = MetaWebhooks.NewMessageId();
        var body = MetaWebhooks.Message(phoneNumberId, waId, "Jan Kowalski", MetaWebhooks.Text(waId, wamid, "Dzień dobry, gdzie jest moja paczka?"));
        using var meta = host.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(meta, channel, body, signature: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(meta, channel, body, "sha256=" + new string('0', 64))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(meta, channel, body, MetaWebhooks.Sign(body, "another-app-secret"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(meta, channel, body.Replace("paczka", "paczki", StringComparison.Ordinal), MetaWebhooks.Sign(body, AppSecret))).StatusCode);
        Assert.Empty(await host.InboxAsync(channel));

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(meta, channel, body, MetaWebhooks.Sign(body, AppSecret))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(meta, channel, body, MetaWebhooks.Sign(body, AppSecret))).StatusCode); // Meta's retry

        var stored = Assert.Single(await host.InboxAsync(channel));
        Assert.Equal(wamid, stored.ExternalMessageId);
        Assert.Equal("Dzień dobry, gdzie jest moja paczka?", stored.Text);
        Assert.Equal("phone", stored.Sender("kind"));
        Assert.Equal("+" + waId, stored.Sender("value"));
        Assert.Equal("Jan Kowalski", stored.Sender("displayName"));
        Assert.Equal(waId, stored.Payload.GetProperty("conversationId").GetString());
    }

    [Fact]
    public async Task Images_documents_and_audio_are_downloaded_from_the_media_endpoint_as_attachments()
    {
        var (channel, phoneNumberId) = await CreateChannelAsync();
        var waId = NewWaId();
        byte[] photo = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9];
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7 warranty");
        byte[] voice = [(byte)'O', (byte)'g', (byte)'g', (byte)'S', 0, 2, 9, 9];
        using var meta = host.CreateClient();

        foreach (var message in new[]
                 {
                     MetaWebhooks.Media(waId, MetaWebhooks.NewMessageId(), "image", host.Graph.AddMedia(photo, "image/jpeg"), "image/jpeg", caption: "scratched"),
                     MetaWebhooks.Media(waId, MetaWebhooks.NewMessageId(), "document", host.Graph.AddMedia(pdf, "application/pdf"), "application/pdf", caption: "warranty", filename: "warranty.pdf"),
                     MetaWebhooks.Media(waId, MetaWebhooks.NewMessageId(), "audio", host.Graph.AddMedia(voice, "audio/ogg; codecs=opus"), "audio/ogg; codecs=opus"),
                 })
        {
            var body = MetaWebhooks.Message(phoneNumberId, waId, "Maria", message);
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(meta, channel, body, MetaWebhooks.Sign(body, AppSecret))).StatusCode);
        }

        var inbox = await host.InboxAsync(channel);
        Assert.Equal(3, inbox.Count);
        var image = Assert.Single(inbox[0].Attachments);
        Assert.Equal("scratched", inbox[0].Text);
        Assert.Equal("image/jpeg", image.ContentType);
        Assert.Equal(photo, image.Content);
        var document = Assert.Single(inbox[1].Attachments);
        Assert.Equal(("warranty.pdf", "application/pdf"), (document.Name, document.ContentType));
        Assert.Equal(pdf, document.Content);
        var audio = Assert.Single(inbox[2].Attachments);
        Assert.StartsWith("audio/ogg", audio.ContentType, StringComparison.Ordinal);
        Assert.Equal(voice, audio.Content);
        Assert.All(inbox, e => Assert.Equal("Maria", e.Sender("displayName")));
    }

    [Fact]
    public async Task When_the_media_endpoint_is_down_the_webhook_fails_and_Metas_retry_stores_the_message_once()
    {
        var (channel, phoneNumberId) = await CreateChannelAsync();
        var waId = NewWaId();
        byte[] photo = [0xFF, 0xD8, 0xFF, 0xE0, 42, 0xFF, 0xD9];
        var body = MetaWebhooks.Message(
            phoneNumberId, waId, "Maria",
            MetaWebhooks.Media(waId, MetaWebhooks.NewMessageId(), "image", host.Graph.AddMedia(photo, "image/jpeg"), "image/jpeg"));
        using var meta = host.CreateClient();

        await host.Graph.StopAsync();
        try
        {
            using var failed = await PostAsync(meta, channel, body, MetaWebhooks.Sign(body, AppSecret));
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
            Assert.Empty(await host.InboxAsync(channel));
        }
        finally
        {
            await host.Graph.StartAsync();
        }

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(meta, channel, body, MetaWebhooks.Sign(body, AppSecret))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(meta, channel, body, MetaWebhooks.Sign(body, AppSecret))).StatusCode);

        var stored = Assert.Single(await host.InboxAsync(channel));
        Assert.Equal(photo, Assert.Single(stored.Attachments).Content);
    }

    [Fact]
    public async Task Delivery_statuses_are_reported_for_the_sent_message_with_the_reason_of_a_failure()
    {
        var (channel, phoneNumberId) = await CreateChannelAsync();
        var waId = NewWaId();
        var (connector, status) = HostConnectors.Create(host, channel, "whatsapp");
        await using var _1 = connector;
        var webhook = (IWebhookConnector)connector;
        var sent = MetaWebhooks.NewMessageId();
        var failed = MetaWebhooks.NewMessageId();

        foreach (var body in new[]
                 {
                     MetaWebhooks.Status(phoneNumberId, waId, sent, "sent"),
                     MetaWebhooks.Status(phoneNumberId, waId, sent, "delivered"),
                     MetaWebhooks.Status(phoneNumberId, waId, sent, "read"),
                     MetaWebhooks.Status(phoneNumberId, waId, failed, "failed", 131047, "Re-engagement message"),
                 })
        {
            var response = await webhook.HandleWebhookAsync(SignedRequest(body, MetaWebhooks.Sign(body, AppSecret)), CancellationToken.None);
            Assert.Equal(200, response.StatusCode);
        }

        var unsigned = MetaWebhooks.Status(phoneNumberId, waId, sent, "failed", 131026);
        Assert.Equal(401, (await webhook.HandleWebhookAsync(SignedRequest(unsigned, null), CancellationToken.None)).StatusCode);

        var updates = status.Updates.ToList();
        Assert.Equal(
            [(sent, DeliveryStatus.Delivered), (sent, DeliveryStatus.Read), (failed, DeliveryStatus.Failed)],
            updates.Select(u => (u.ExternalMessageId, u.Status)));
        Assert.Contains("24 hours", updates[2].Error);
        Assert.Null(updates[0].Error);
    }

    [Fact]
    public async Task Free_text_and_templates_reach_the_Cloud_API_and_a_closed_window_fails_for_good()
    {
        var (channel, _) = await CreateChannelAsync();
        var open = NewWaId();
        var closed = NewWaId();
        host.Graph.ClosedWindows[closed] = true;
        host.Graph.Templates["order_update"] = true;
        var (connector, _) = HostConnectors.Create(host, channel, "whatsapp");
        await using var _1 = connector;
        var outbound = (IOutboundConnector)connector;

        var text = await outbound.SendAsync(new OutboundMessage(Guid.NewGuid(), Phone(open), "Your parcel left the warehouse."), CancellationToken.None);
        var refused = await outbound.SendAsync(new OutboundMessage(Guid.NewGuid(), Phone(closed), "Are you still there?"), CancellationToken.None);
        var template = await outbound.SendAsync(
            new OutboundMessage(Guid.NewGuid(), Phone(closed), "")
            {
                Template = new MessageTemplate("order_update", "pl", ["Jan", "#1042"]),
            },
            CancellationToken.None);
        var unknownTemplate = await outbound.SendAsync(
            new OutboundMessage(Guid.NewGuid(), Phone(closed), "") { Template = new MessageTemplate("no_such_template", "en_US", []) },
            CancellationToken.None);

        Assert.Equal(SendOutcome.Sent, text.Outcome);
        var sentText = Assert.Single(host.Graph.SentTo(open));
        Assert.Equal(text.ExternalMessageId, sentText.MessageId);
        Assert.Equal("text", sentText.Type);
        Assert.Equal("Your parcel left the warehouse.", sentText.Body["text"]!["body"]!.GetValue<string>());

        Assert.Equal(SendOutcome.Failed, refused.Outcome);
        Assert.True(refused.IsPermanent);
        Assert.Contains("24 hours", refused.Reason);

        Assert.Equal(SendOutcome.Sent, template.Outcome);
        var sentTemplate = Assert.Single(host.Graph.SentTo(closed));
        Assert.Equal("order_update", sentTemplate.Body["template"]!["name"]!.GetValue<string>());
        Assert.Equal("pl", sentTemplate.Body["template"]!["language"]!["code"]!.GetValue<string>());
        Assert.Equal(
            ["Jan", "#1042"],
            sentTemplate.Body["template"]!["components"]![0]!["parameters"]!.AsArray().Select(p => p!["text"]!.GetValue<string>()));

        Assert.Equal(SendOutcome.Failed, unknownTemplate.Outcome);
        Assert.True(unknownTemplate.IsPermanent);
        Assert.Contains("template", unknownTemplate.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_outage_means_retry_later_and_a_revoked_token_fails_for_good()
    {
        var (channel, _) = await CreateChannelAsync();
        var (revokedChannel, _) = await CreateChannelAsync(accessToken: "EAAGrevoked");
        var waId = NewWaId();
        var (connector, _) = HostConnectors.Create(host, channel, "whatsapp");
        var (revokedConnector, _) = HostConnectors.Create(host, revokedChannel, "whatsapp");
        await using var _1 = connector;
        await using var _2 = revokedConnector;

        SendResult duringOutage;
        await host.Graph.StopAsync();
        try
        {
            duringOutage = await ((IOutboundConnector)connector).SendAsync(new OutboundMessage(Guid.NewGuid(), Phone(waId), "hello"), CancellationToken.None);
        }
        finally
        {
            await host.Graph.StartAsync();
        }

        var afterOutage = await ((IOutboundConnector)connector).SendAsync(new OutboundMessage(Guid.NewGuid(), Phone(waId), "hello"), CancellationToken.None);
        var revoked = await ((IOutboundConnector)revokedConnector).SendAsync(new OutboundMessage(Guid.NewGuid(), Phone(waId), "hello"), CancellationToken.None);

        Assert.Equal(SendOutcome.RetryLater, duringOutage.Outcome);
        Assert.Equal(SendOutcome.Sent, afterOutage.Outcome);
        Assert.Single(host.Graph.SentTo(waId));
        Assert.Equal(SendOutcome.Failed, revoked.Outcome);
        Assert.True(revoked.IsPermanent);
        Assert.Contains("access token", revoked.Reason);
    }

    [Fact]
    public async Task The_connection_test_reads_the_phone_number_from_the_Cloud_API()
    {
        var (channel, _) = await CreateChannelAsync();
        using var admin = await host.CreateAdminClientAsync();

        var result = await (await admin.PostAsync($"/api/v1/channels/{channel}/test", null)).JsonAsync();

        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Contains("+1 555-0100 (Acme Support)", result.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_reply_inside_the_window_is_sent_and_Metas_status_callbacks_move_it_to_read()
    {
        var (channel, phoneNumberId) = await CreateChannelAsync();
        var waId = NewWaId();
        using var meta = host.CreateClient();
        await PostSignedAsync(meta, channel, MetaWebhooks.Message(phoneNumberId, waId, "Jan", MetaWebhooks.Text(waId, MetaWebhooks.NewMessageId(), "Hello?")));

        var queued = await host.EnqueueAsync(new OutboundRequest(channel, new OutboundRecipient("phone", "+" + waId), "Hello Jan, how can we help?"));

        Assert.True(queued.IsQueued, queued.RefusalDetail);
        await host.WaitForOutboundStatusAsync(channel, queued.OutboundId!.Value, "sent");
        var wamid = Assert.Single(host.Graph.SentTo(waId)).MessageId;
        await PostSignedAsync(meta, channel, MetaWebhooks.Status(phoneNumberId, waId, wamid, "sent"));
        await PostSignedAsync(meta, channel, MetaWebhooks.Status(phoneNumberId, waId, wamid, "delivered"));
        await host.WaitForOutboundStatusAsync(channel, queued.OutboundId.Value, "delivered");
        await PostSignedAsync(meta, channel, MetaWebhooks.Status(phoneNumberId, waId, wamid, "read"));
        await host.WaitForOutboundStatusAsync(channel, queued.OutboundId.Value, "read");
    }

    [Fact]
    public async Task Outside_the_window_free_text_is_refused_before_sending_and_an_approved_template_goes_out()
    {
        var (channel, _) = await CreateChannelAsync();
        var waId = NewWaId(); // never wrote to this number
        host.Graph.Templates["order_update"] = true;
        var recipient = new OutboundRecipient("phone", "+" + waId);

        var text = await host.EnqueueAsync(new OutboundRequest(channel, recipient, "Your order shipped."));
        var template = await host.EnqueueAsync(
            new OutboundRequest(channel, recipient, "") { Template = new OutboundTemplate("order_update", "en_US", ["Jan", "#1042"]) });

        Assert.Equal("channel-window-closed", text.RefusalType);
        Assert.True(template.IsQueued, template.RefusalDetail);
        await host.WaitForOutboundStatusAsync(channel, template.OutboundId!.Value, "sent");
        var sent = Assert.Single(host.Graph.SentTo(waId));
        Assert.Equal("template", sent.Type);
        Assert.Equal("order_update", sent.Body["template"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task When_the_Cloud_API_answers_131047_the_reply_fails_for_good_with_the_reason()
    {
        var (channel, phoneNumberId) = await CreateChannelAsync();
        var waId = NewWaId();
        using var meta = host.CreateClient();
        await PostSignedAsync(meta, channel, MetaWebhooks.Message(phoneNumberId, waId, "Jan", MetaWebhooks.Text(waId, MetaWebhooks.NewMessageId(), "Hi")));
        host.Graph.ClosedWindows[waId] = true; // WhatsApp's view of the window differs from the desk's

        var queued = await host.EnqueueAsync(new OutboundRequest(channel, new OutboundRecipient("phone", "+" + waId), "Thanks for writing!"));

        Assert.True(queued.IsQueued, queued.RefusalDetail);
        var failed = await host.WaitForOutboundStatusAsync(channel, queued.OutboundId!.Value, "failed");
        Assert.Contains("24 hours", failed.GetProperty("reason").GetString());
        Assert.Empty(host.Graph.SentTo(waId));
    }

    private static async Task PostSignedAsync(HttpClient meta, Guid channel, string body)
    {
        using var response = await PostAsync(meta, channel, body, MetaWebhooks.Sign(body, AppSecret));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static ContactAddress Phone(string waId) => new(SenderKind.Phone, "+" + waId);

    private static WebhookRequest SignedRequest(string body, string? signature)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = ["application/json"],
        };
        if (signature is not null)
        {
            headers["X-Hub-Signature-256"] = [signature];
        }

        return new WebhookRequest("POST", "/channels/x/webhook", new Dictionary<string, IReadOnlyList<string>>(), headers, Encoding.UTF8.GetBytes(body), IPAddress.Loopback);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, Guid channel, string body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/channels/{channel}/webhook")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (signature is not null)
        {
            request.Headers.Add("X-Hub-Signature-256", signature);
        }

        return client.SendAsync(request);
    }
}
