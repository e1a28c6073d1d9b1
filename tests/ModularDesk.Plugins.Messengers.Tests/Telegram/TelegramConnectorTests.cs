using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ModularDesk.Channels.Contracts.Outbound;
using ModularDesk.Plugins.Messengers.Tests.Fakes;
using ModularDesk.Plugins.Messengers.Tests.Support;
using ModularDesk.Plugins.Sdk;
using ModularDesk.Testing;

namespace ModularDesk.Plugins.Messengers.Tests.Telegram;

/// <summary>
/// The <c>telegram</c> plugin loaded by the real host from its plugins folder, talking to a local Bot API fake:
/// channels are created through the API, users write to the bot, and the tests read what the desk stored.
/// </summary>
public sealed class TelegramConnectorTests(MessengersHostFixture host) : IClassFixture<MessengersHostFixture>
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0xFF, 0xD9];
    private static readonly byte[] Avatar = [0xFF, 0xD8, 0xFF, 0xE0, 0xAA, 0xBB, 0xCC, 0xDD, 0xFF, 0xD9];
    private static int nextUser = 5_550_000;

    private static TelegramUser NewUser(string first = "Ana", string? last = "Silva", string? username = "ana_s", string? language = "pt") =>
        new(Interlocked.Increment(ref nextUser), first, last, username, language);

    [Fact]
    public async Task Both_connectors_are_loaded_from_the_plugins_folder()
    {
        using var admin = await host.CreateAdminClientAsync();

        var plugins = (await (await admin.GetAsync("/api/v1/plugins")).JsonAsync()).EnumerateArray()
            .ToDictionary(p => p.GetProperty("id").GetString()!);

        Assert.Equal("loaded", plugins["telegram"].GetProperty("status").GetString());
        Assert.Equal(["pull", "webhook", "outbound", "profileLookup"], plugins["telegram"].GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("loaded", plugins["whatsapp"].GetProperty("status").GetString());
        Assert.Equal(["webhook", "outbound", "templates"], plugins["whatsapp"].GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task The_connection_test_asks_getMe_and_names_the_bot_or_the_problem()
    {
        var bot = host.Telegram.CreateBot("acme_support_bot");
        var channel = await host.CreateTelegramChannelAsync(bot);
        var wrongToken = await host.CreateChannelAsync("telegram", new()
        {
            ["botToken"] = "999999:AAHnotARealTokenForThisFake",
            ["apiBaseUrl"] = host.Telegram.BaseUrl,
        });
        using var admin = await host.CreateAdminClientAsync();

        var ok = await (await admin.PostAsync($"/api/v1/channels/{channel}/test", null)).JsonAsync();
        var refused = await (await admin.PostAsync($"/api/v1/channels/{wrongToken}/test", null)).JsonAsync();

        Assert.True(ok.GetProperty("ok").GetBoolean());
        Assert.Contains("@acme_support_bot", ok.GetProperty("message").GetString());
        Assert.False(refused.GetProperty("ok").GetBoolean());
        Assert.Contains("bot token", refused.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Long_polling_stores_texts_photos_documents_and_edits_with_the_senders_profile()
    {
        var bot = host.Telegram.CreateBot();
        var ana = NewUser();
        bot.SetProfilePhoto(ana, Avatar);
        var channel = await host.CreateTelegramChannelAsync(bot);
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4 invoice 1042");

        var text = bot.UserSends(ana, "Olá! My order #1042 has not arrived.");
        bot.UserSendsPhoto(ana, Jpeg, "This is the box I got");
        bot.UserSendsDocument(ana, "invoice-1042.pdf", "application/pdf", pdf, "And the invoice");
        bot.UserEdits(ana, text, "Olá! My order #1042 has not arrived yet.");

        var inbox = await host.WaitForInboxAsync(channel, 4);

        var messageId = text["message"]!["message_id"]!.GetValue<int>();
        var originalId = $"{ana.Id}:{messageId}";
        var first = Assert.Single(inbox, e => e.ExternalMessageId == originalId);
        Assert.Equal("Olá! My order #1042 has not arrived.", first.Text);
        Assert.Equal("messenger", first.Sender("kind"));
        Assert.Equal(ana.Id.ToString(CultureInfo.InvariantCulture), first.Sender("value"));
        Assert.Equal("telegram", first.Sender("messenger"));
        Assert.Equal("Ana Silva", first.Sender("displayName"));
        Assert.Equal("pt", first.Sender("languageHint"));
        Assert.Equal(ana.Id.ToString(CultureInfo.InvariantCulture), first.Payload.GetProperty("conversationId").GetString());
        Assert.Equal("ana_s", first.Payload.GetProperty("headers").GetProperty("X-Telegram-Username")[0].GetString());

        var photo = Assert.Single(inbox, e => e.Text == "This is the box I got");
        var photoFile = Assert.Single(photo.Attachments);
        Assert.Equal("image/jpeg", photoFile.ContentType);
        Assert.Equal(Jpeg, photoFile.Content); // the largest size, not the thumbnail

        var document = Assert.Single(inbox, e => e.Text == "And the invoice");
        var documentFile = Assert.Single(document.Attachments);
        Assert.Equal(("invoice-1042.pdf", "application/pdf"), (documentFile.Name, documentFile.ContentType));
        Assert.Equal(pdf, documentFile.Content);

        var edit = Assert.Single(inbox, e => e.Payload.GetProperty("isEdit").GetBoolean());
        Assert.Equal(originalId, edit.Payload.GetProperty("editOf").GetString());
        Assert.Equal("Olá! My order #1042 has not arrived yet.", edit.Text);

        using var admin = await host.CreateAdminClientAsync();
        var status = await (await admin.GetAsync($"/api/v1/inbound/{first.InboxId}")).JsonAsync();
        Assert.Equal(originalId, status.GetProperty("externalMessageId").GetString());
    }

    [Fact]
    public async Task The_avatar_url_serves_the_profile_photo_without_exposing_the_bot_token()
    {
        var bot = host.Telegram.CreateBot();
        var user = NewUser("Olga", null, null, "uk");
        bot.SetProfilePhoto(user, Avatar);
        var channel = await host.CreateTelegramChannelAsync(bot);
        bot.UserSends(user, "Привіт");

        var avatarUrl = Assert.Single(await host.WaitForInboxAsync(channel, 1)).Sender("avatarUrl")!;

        Assert.StartsWith($"/channels/{channel}/webhook/avatar/", avatarUrl, StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Token.Split(':')[1], avatarUrl, StringComparison.Ordinal);
        using var anonymous = host.CreateClient();
        using var photo = await anonymous.GetAsync(avatarUrl);
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal("image/jpeg", photo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Avatar, await photo.Content.ReadAsByteArrayAsync());

        using var forged = await anonymous.GetAsync(avatarUrl[..^4] + "0000");
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
    }

    [Fact]
    public async Task Group_chats_are_ignored_unless_the_channel_allows_them()
    {
        var privateOnlyBot = host.Telegram.CreateBot();
        var groupsBot = host.Telegram.CreateBot();
        var user = NewUser("Piotr", "Nowak", "pnowak", "pl");
        var privateOnly = await host.CreateTelegramChannelAsync(privateOnlyBot);
        var withGroups = await host.CreateTelegramChannelAsync(groupsBot, new() { ["allowGroups"] = true });

        privateOnlyBot.UserSendsInGroup(user, -100_123_456, "anyone here?");
        var last = privateOnlyBot.UserSends(user, "hello in private");
        groupsBot.UserSendsInGroup(user, -100_123_456, "anyone here?");

        // The checkpoint passing the private message proves the group message before it was read and dropped.
        var lastId = last["update_id"]!.GetValue<int>();
        await Eventually.TrueAsync(async () => int.TryParse(await host.CheckpointAsync(privateOnly, "offset"), out var o) && o > lastId);
        Assert.Equal(["hello in private"], (await host.InboxAsync(privateOnly)).Select(e => e.Text));

        var group = Assert.Single(await host.WaitForInboxAsync(withGroups, 1));
        Assert.Equal("anyone here?", group.Text);
        Assert.Equal("-100123456", group.Payload.GetProperty("conversationId").GetString());
        Assert.Equal(user.Id.ToString(CultureInfo.InvariantCulture), group.Sender("value"));
    }

    [Fact]
    public async Task A_restarted_channel_resumes_from_the_stored_offset_without_gaps_or_repeats()
    {
        var bot = host.Telegram.CreateBot();
        var user = NewUser();
        var channel = await host.CreateTelegramChannelAsync(bot);
        for (var i = 1; i <= 3; i++)
        {
            bot.UserSends(user, $"before restart {i}");
        }

        await host.WaitForInboxAsync(channel, 3);
        await Eventually.TrueAsync(async () => await host.CheckpointAsync(channel, "offset") == (bot.LastUpdateId + 1).ToString(CultureInfo.InvariantCulture));
        var stored = int.Parse((await host.CheckpointAsync(channel, "offset"))!, CultureInfo.InvariantCulture);

        using var admin = await host.CreateAdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchJsonAsync($"/api/v1/channels/{channel}", new { enabled = false })).StatusCode);
        var callsBeforeRestart = bot.GetUpdatesOffsets.Count;
        bot.UserSends(user, "while stopped 1");
        bot.UserSends(user, "while stopped 2");
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchJsonAsync($"/api/v1/channels/{channel}", new { enabled = true })).StatusCode);

        var inbox = await host.WaitForInboxAsync(channel, 5);

        Assert.Equal(stored, bot.GetUpdatesOffsets[callsBeforeRestart]);
        Assert.Equal(
            ["before restart 1", "before restart 2", "before restart 3", "while stopped 1", "while stopped 2"],
            inbox.Select(e => e.Text));
        Assert.All(bot.Deliveries.Values, n => Assert.Equal(1, n));
        await Eventually.TrueAsync(async () => await host.CheckpointAsync(channel, "offset") == (bot.LastUpdateId + 1).ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task When_the_Bot_API_goes_down_and_comes_back_no_message_is_lost()
    {
        var bot = host.Telegram.CreateBot();
        var user = NewUser();
        var channel = await host.CreateTelegramChannelAsync(bot);
        bot.UserSends(user, "before the outage");
        await host.WaitForInboxAsync(channel, 1);

        await host.Telegram.StopAsync();
        try
        {
            for (var i = 1; i <= 3; i++)
            {
                bot.UserSends(user, $"during the outage {i}");
            }

            var calls = bot.GetUpdatesOffsets.Count;
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // the connector meets refused connections meanwhile
            Assert.Equal(calls, bot.GetUpdatesOffsets.Count);
        }
        finally
        {
            await host.Telegram.StartAsync();
        }

        var inbox = await host.WaitForInboxAsync(channel, 4);

        Assert.Equal(["before the outage", "during the outage 1", "during the outage 2", "during the outage 3"], inbox.Select(e => e.Text));
        Assert.All(bot.Deliveries.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task Webhook_mode_registers_setWebhook_and_accepts_only_the_secret_token()
    {
        const string secret = "desk-webhook_Secret-42";
        var bot = host.Telegram.CreateBot();
        var user = NewUser();
        var channel = await host.CreateChannelAsync("telegram", new()
        {
            ["botToken"] = bot.Token,
            ["mode"] = "webhook",
            ["apiBaseUrl"] = host.Telegram.BaseUrl,
            ["webhookSecret"] = secret,
            ["publicUrl"] = "https://desk.example.test/",
        });
        await Eventually.TrueAsync(() => Task.FromResult(bot.WebhookUrl is not null));
        Assert.Equal($"https://desk.example.test/channels/{channel}/webhook", bot.WebhookUrl);
        Assert.Equal(secret, bot.WebhookSecret);

        var update = bot.UpdateNotQueued(user, "hello through the webhook").ToJsonString();
        using var telegram = host.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostUpdateAsync(telegram, channel, update, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostUpdateAsync(telegram, channel, update, "wrong-secret")).StatusCode);
        Assert.Empty(await host.InboxAsync(channel));

        Assert.Equal(HttpStatusCode.OK, (await PostUpdateAsync(telegram, channel, update, secret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostUpdateAsync(telegram, channel, update, secret)).StatusCode); // Telegram re-sends

        var stored = Assert.Single(await host.InboxAsync(channel));
        Assert.Equal("hello through the webhook", stored.Text);
        Assert.Equal("Ana Silva", stored.Sender("displayName"));
    }

    [Fact]
    public async Task A_long_reply_is_split_at_4096_characters_and_a_document_follows()
    {
        var bot = host.Telegram.CreateBot();
        var user = NewUser();
        var channel = await host.CreateTelegramChannelAsync(bot);
        var (connector, _) = HostConnectors.Create(host, channel, "telegram");
        await using var _1 = connector;
        var paragraph = string.Concat(Enumerable.Repeat("Thank you for your patience — we are looking into it. ", 20)) + "\n";
        var text = string.Concat(Enumerable.Repeat(paragraph, 8)); // about 9,000 characters
        var contract = Encoding.ASCII.GetBytes("%PDF-1.4 return label");

        var result = await ((IOutboundConnector)connector).SendAsync(
            new OutboundMessage(Guid.NewGuid(), new ContactAddress(SenderKind.Messenger, user.Id.ToString(CultureInfo.InvariantCulture), "telegram"), text)
            {
                Attachments = [new OutboundAttachment("return-label.pdf", "application/pdf", contract)],
                Threading = new MessageThreading($"{user.Id}:17", [], 1042),
            },
            CancellationToken.None);

        Assert.Equal(SendOutcome.Sent, result.Outcome);
        var sent = bot.Sent.Where(s => s.ChatId == user.Id).ToList();
        var texts = sent.Where(s => s.Method == "sendMessage").ToList();
        Assert.Equal(3, texts.Count);
        Assert.All(texts, s => Assert.True(s.Text!.Length <= 4096));
        Assert.Equal(text, string.Concat(texts.Select(s => s.Text)));
        Assert.Equal(17, texts[0].ReplyToMessageId);
        Assert.Equal($"{user.Id}:{texts[0].MessageId}", result.ExternalMessageId);
        var document = Assert.Single(sent, s => s.Method == "sendDocument");
        Assert.Equal("return-label.pdf", document.FileName);
        Assert.Equal(contract, document.File);
    }

    [Fact]
    public async Task Sending_to_a_user_who_blocked_the_bot_fails_for_good_and_marks_the_contact_unreachable()
    {
        var bot = host.Telegram.CreateBot();
        var user = NewUser();
        bot.Block(user.Id);
        var channel = await host.CreateTelegramChannelAsync(bot);
        var (connector, status) = HostConnectors.Create(host, channel, "telegram");
        await using var _1 = connector;
        var recipient = new ContactAddress(SenderKind.Messenger, user.Id.ToString(CultureInfo.InvariantCulture), "telegram");

        var result = await ((IOutboundConnector)connector).SendAsync(new OutboundMessage(Guid.NewGuid(), recipient, "Are you still there?"), CancellationToken.None);

        Assert.Equal(SendOutcome.Failed, result.Outcome);
        Assert.True(result.IsPermanent);
        Assert.Contains("blocked the bot", result.Reason);
        var unreachable = Assert.Single(status.Unreachable);
        Assert.Equal(recipient, unreachable.Contact);
        Assert.Empty(bot.Sent);
    }

    [Fact]
    public async Task A_queued_reply_goes_out_through_the_outbound_queue_and_shows_as_sent_in_the_history()
    {
        var bot = host.Telegram.CreateBot();
        var user = NewUser();
        var channel = await host.CreateTelegramChannelAsync(bot);
        var question = bot.UserSends(user, "Where is my parcel?");
        await host.WaitForInboxAsync(channel, 1);
        var recipient = new OutboundRecipient("messenger", user.Id.ToString(CultureInfo.InvariantCulture), "telegram");
        var questionId = $"{user.Id}:{question["message"]!["message_id"]!.GetValue<int>()}";

        var queued = await host.EnqueueAsync(new OutboundRequest(channel, recipient, "It left the warehouse today.") { InReplyTo = questionId });

        Assert.True(queued.IsQueued, queued.RefusalDetail);
        var sent = await host.WaitForOutboundStatusAsync(channel, queued.OutboundId!.Value, "sent");
        var delivered = Assert.Single(bot.Sent, s => s.ChatId == user.Id);
        Assert.Equal("It left the warehouse today.", delivered.Text);
        Assert.Equal(question["message"]!["message_id"]!.GetValue<int>(), delivered.ReplyToMessageId);
        Assert.Contains("It left the warehouse today.", sent.GetProperty("excerpt").GetString());
    }

    [Fact]
    public async Task A_reply_to_a_user_who_blocked_the_bot_fails_with_the_reason_and_later_ones_are_refused()
    {
        var bot = host.Telegram.CreateBot();
        var user = NewUser();
        var channel = await host.CreateTelegramChannelAsync(bot);
        bot.UserSends(user, "hi");
        await host.WaitForInboxAsync(channel, 1);
        bot.Block(user.Id);
        var recipient = new OutboundRecipient("messenger", user.Id.ToString(CultureInfo.InvariantCulture), "telegram");

        var first = await host.EnqueueAsync(new OutboundRequest(channel, recipient, "Hello again"));
        var failed = await host.WaitForOutboundStatusAsync(channel, first.OutboundId!.Value, "failed");
        var second = await host.EnqueueAsync(new OutboundRequest(channel, recipient, "Anyone there?"));

        Assert.Contains("blocked the bot", failed.GetProperty("reason").GetString());
        Assert.False(second.IsQueued);
        Assert.Equal("contact-unreachable", second.RefusalType);
        Assert.Empty(bot.Sent);
    }

    private static Task<HttpResponseMessage> PostUpdateAsync(HttpClient client, Guid channel, string update, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/channels/{channel}/webhook")
        {
            Content = new StringContent(update, Encoding.UTF8, "application/json"),
        };
        if (secret is not null)
        {
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        }

        return client.SendAsync(request);
    }
}
