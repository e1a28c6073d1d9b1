using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ModularDesk.Plugins.Messengers.Tests.Fakes;
using ModularDesk.Plugins.Messengers.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Plugins.Messengers.Tests.EndToEnd;

/// <summary>The messengers' host with a short outbound retry back-off, so an outage test waits half a second, not five.</summary>
public sealed class EndToEndHostFixture : MessengersHostFixture
{
    public EndToEndHostFixture() => Set("Outbound:RetryBaseMilliseconds", "300");
}

/// <summary>
/// What agents see once the Tickets module ingests the inbox: client cards filled from the messenger profile, one
/// ticket per conversation, edits applied, replies written in the desk arriving at the messenger's API, WhatsApp's
/// 24-hour window, Meta's status callbacks on the reply, retried deliveries ignored, and outages of the messenger's
/// API survived without losing a message in either direction.
/// </summary>
public sealed class MessengerTicketsTests(EndToEndHostFixture host) : IClassFixture<EndToEndHostFixture>
{
    private const string AppSecret = "e2e-app-secret-0123456789";
    private static readonly byte[] Avatar = [0xFF, 0xD8, 0xFF, 0xE0, 0x11, 0x22, 0xFF, 0xD9];
    private static int nextWaId = 100_000;
    private static long nextTelegramUser = 6_660_000;

    private static string NewWaId() => "48602" + Interlocked.Increment(ref nextWaId).ToString("D6", CultureInfo.InvariantCulture);

    private static long NewTelegramUserId() => Interlocked.Increment(ref nextTelegramUser);

    [Fact]
    public async Task Telegram_users_get_cards_from_their_profile_and_one_ticket_per_chat_and_replies_reach_them()
    {
        var bot = host.Telegram.CreateBot();
        var ana = new TelegramUser(NewTelegramUserId(), "Ana", "Silva", "ana_s", "pt");
        var bob = new TelegramUser(NewTelegramUserId(), "Bob", null, "bobby", "en");
        bot.SetProfilePhoto(ana, Avatar);
        // Cards take only absolute http(s) avatar URLs, so the avatar link needs the desk's public address.
        var channel = await host.CreateTelegramChannelAsync(bot, new() { ["publicUrl"] = "https://desk.modulardesk.test" });
        using var agent = await host.CreateAgentClientAsync();
        using var admin = await host.CreateAdminClientAsync(); // GET /api/v1/inbound/{id} is admin-only

        var first = bot.UserSends(ana, "Olá, a minha encomenda não chegou.");
        bot.UserSends(ana, "O número é 1042.");
        bot.UserSends(bob, "Hi, I need an invoice for my last order.");
        var inbox = await host.WaitForInboxAsync(channel, 3);
        var anaFirst = await ProcessedAsync(admin, Entry(inbox, "Olá, a minha encomenda não chegou."));
        var anaSecond = await ProcessedAsync(admin, Entry(inbox, "O número é 1042."));
        var bobFirst = await ProcessedAsync(admin, Entry(inbox, "Hi, I need an invoice for my last order."));

        var anaTicket = anaFirst.GetProperty("ticketId").GetGuid();
        Assert.Equal(anaTicket, anaSecond.GetProperty("ticketId").GetGuid());
        Assert.NotEqual(anaTicket, bobFirst.GetProperty("ticketId").GetGuid());
        Assert.NotEqual(anaFirst.GetProperty("clientId").GetGuid(), bobFirst.GetProperty("clientId").GetGuid());

        var card = await (await agent.GetAsync($"/api/v1/clients/{anaFirst.GetProperty("clientId").GetGuid()}")).JsonAsync();
        Assert.Equal("Ana Silva", card.GetProperty("name").GetString());
        Assert.Equal("pt", card.GetProperty("language").GetString());
        var avatarUrl = card.GetProperty("avatarUrl").GetString();
        Assert.Equal(Entry(inbox, "O número é 1042.").Sender("avatarUrl"), avatarUrl);
        using (var anonymous = host.CreateClient())
        {
            Assert.StartsWith("https://desk.modulardesk.test/channels/", avatarUrl, StringComparison.Ordinal);
            Assert.Equal(Avatar, await anonymous.GetByteArrayAsync(new Uri(avatarUrl!).PathAndQuery)); // the card's picture shows
        }

        var messenger = Assert.Single(card.GetProperty("messengers").EnumerateArray());
        Assert.Equal(
            ("telegram", ana.Id.ToString(CultureInfo.InvariantCulture)),
            (messenger.GetProperty("messenger").GetString(), messenger.GetProperty("id").GetString()));
        var bobCard = await (await agent.GetAsync($"/api/v1/clients/{bobFirst.GetProperty("clientId").GetGuid()}")).JsonAsync();
        Assert.Equal(("Bob", "en"), (bobCard.GetProperty("name").GetString(), bobCard.GetProperty("language").GetString()));

        // The client corrects the first message: the ticket shows the corrected text in place, not a third message.
        bot.UserEdits(ana, first, "Olá, a minha encomenda ainda não chegou.");
        var edit = (await host.WaitForInboxAsync(channel, 4)).Single(e => e.Text == "Olá, a minha encomenda ainda não chegou.");
        Assert.Equal(anaTicket, (await ProcessedAsync(admin, edit)).GetProperty("ticketId").GetGuid());
        var messages = await MessagesAsync(agent, anaTicket, "in");
        Assert.Equal(["Olá, a minha encomenda ainda não chegou.", "O número é 1042."], messages.Select(m => m.GetProperty("text").GetString()));
        Assert.NotEqual(JsonValueKind.Null, messages[0].GetProperty("editedAt").ValueKind);

        using var reply = await agent.PostAsJsonAsync($"/api/v1/tickets/{anaTicket}/replies", new { text = "Vamos verificar já!", @internal = false });
        Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(bot.Sent.Any(s => s.ChatId == ana.Id && s.Text == "Vamos verificar já!")));
        await WaitForDeliveryAsync(agent, anaTicket, "Vamos verificar já!", "sent");
        Assert.DoesNotContain(bot.Sent, s => s.ChatId == bob.Id);
    }

    [Fact]
    public async Task When_the_Bot_API_is_down_messages_written_meanwhile_and_the_agents_reply_all_arrive_once_it_is_back()
    {
        var bot = host.Telegram.CreateBot();
        var eva = new TelegramUser(NewTelegramUserId(), "Eva", "Nowak", null, "pl");
        var channel = await host.CreateTelegramChannelAsync(bot);
        using var agent = await host.CreateAgentClientAsync();
        using var admin = await host.CreateAdminClientAsync();
        bot.UserSends(eva, "Dzień dobry, zamówienie 77 nie dotarło.");
        var ticket = (await ProcessedAsync(admin, (await host.WaitForInboxAsync(channel, 1))[0])).GetProperty("ticketId").GetGuid();

        await host.Telegram.StopAsync();
        HttpResponseMessage reply;
        try
        {
            var question = bot.UserSends(eva, "Czy ktoś tam jest?");
            bot.UserSends(eva, "Proszę o odpowiedź.");
            bot.UserEdits(eva, question, "Czy ktoś tam jest? Halo?"); // read in the same backlog as the message it edits
            reply = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket}/replies", new { text = "Już sprawdzamy.", @internal = false });
            Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode); // queued: the outage is the sender's problem, not the agent's
            await Task.Delay(TimeSpan.FromSeconds(1)); // the connector and the sender meet refused connections meanwhile
            Assert.Single(await host.InboxAsync(channel));
        }
        finally
        {
            await host.Telegram.StartAsync();
        }

        reply.Dispose();
        var inbox = await host.WaitForInboxAsync(channel, 4);
        foreach (var entry in inbox)
        {
            Assert.Equal(ticket, (await ProcessedAsync(admin, entry)).GetProperty("ticketId").GetGuid());
        }

        Assert.Equal(
            ["Dzień dobry, zamówienie 77 nie dotarło.", "Czy ktoś tam jest? Halo?", "Proszę o odpowiedź."],
            (await MessagesAsync(agent, ticket, "in")).Select(m => m.GetProperty("text").GetString()));
        await WaitForDeliveryAsync(agent, ticket, "Już sprawdzamy.", "sent");
        Assert.Single(bot.Sent, s => s.ChatId == eva.Id && s.Text == "Już sprawdzamy.");
        Assert.All(bot.Deliveries.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task A_WhatsApp_sender_gets_a_card_with_the_E164_phone_one_ticket_and_the_reply_with_Metas_statuses()
    {
        var (channel, phoneNumberId) = await CreateWhatsAppChannelAsync();
        var waId = NewWaId();
        using var meta = host.CreateClient();
        using var agent = await host.CreateAgentClientAsync();
        using var admin = await host.CreateAdminClientAsync();
        var firstBody = MetaWebhooks.Message(
            phoneNumberId, waId, "Jan Kowalski", MetaWebhooks.Text(waId, MetaWebhooks.NewMessageId(), "Dzień dobry, mam pytanie o fakturę za zamówienie."));
        await PostSignedAsync(meta, channel, firstBody);
        await PostSignedAsync(meta, channel, MetaWebhooks.Message(
            phoneNumberId, waId, "Jan Kowalski", MetaWebhooks.Text(waId, MetaWebhooks.NewMessageId(), "Numer zamówienia: 5521.")));
        await PostSignedAsync(meta, channel, firstBody); // Meta's retry of a delivery it thinks failed

        var inbox = await host.WaitForInboxAsync(channel, 2);
        var processed = await Task.WhenAll(inbox.Select(e => ProcessedAsync(admin, e)));
        var ticket = processed[0].GetProperty("ticketId").GetGuid();
        Assert.Equal(ticket, processed[1].GetProperty("ticketId").GetGuid());

        var card = await (await agent.GetAsync($"/api/v1/clients/{processed[0].GetProperty("clientId").GetGuid()}")).JsonAsync();
        Assert.Equal("Jan Kowalski", card.GetProperty("name").GetString());
        Assert.Equal("pl", card.GetProperty("language").GetString());
        Assert.Equal("+" + waId, Assert.Single(card.GetProperty("phones").EnumerateArray()).GetProperty("number").GetString());
        Assert.Equal(
            ["Dzień dobry, mam pytanie o fakturę za zamówienie.", "Numer zamówienia: 5521."],
            (await MessagesAsync(agent, ticket, "in")).Select(m => m.GetProperty("text").GetString()));

        using var reply = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket}/replies", new { text = "Dzień dobry, już sprawdzam.", @internal = false });
        Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
        var sent = await Eventually.ReturnsAsync(
            () => Task.FromResult(host.Graph.SentTo(waId).SingleOrDefault(s => s.Body["text"]?["body"]?.GetValue<string>() == "Dzień dobry, już sprawdzam.")),
            s => s is not null, TimeSpan.FromSeconds(30), "the reply at the Cloud API");
        await WaitForDeliveryAsync(agent, ticket, "Dzień dobry, już sprawdzam.", "sent");

        await PostSignedAsync(meta, channel, MetaWebhooks.Status(phoneNumberId, waId, sent!.MessageId, "sent"));
        await PostSignedAsync(meta, channel, MetaWebhooks.Status(phoneNumberId, waId, sent.MessageId, "delivered"));
        await WaitForDeliveryAsync(agent, ticket, "Dzień dobry, już sprawdzam.", "delivered");
        await PostSignedAsync(meta, channel, MetaWebhooks.Status(phoneNumberId, waId, sent.MessageId, "read"));
        await PostSignedAsync(meta, channel, MetaWebhooks.Status(phoneNumberId, waId, sent.MessageId, "delivered")); // late, out of order
        await WaitForDeliveryAsync(agent, ticket, "Dzień dobry, już sprawdzam.", "read");
        Assert.Equal(2, (await MessagesAsync(agent, ticket, "in")).Count);
        Assert.Equal(2, (await host.InboxAsync(channel)).Count);
    }

    [Fact]
    public async Task After_24_hours_free_text_is_refused_with_channel_window_closed_a_template_goes_out_and_a_new_message_reopens_the_window()
    {
        var (channel, phoneNumberId) = await CreateWhatsAppChannelAsync();
        var waId = NewWaId();
        host.Graph.Templates["follow_up"] = true;
        using var meta = host.CreateClient();
        using var agent = await host.CreateAgentClientAsync();
        using var admin = await host.CreateAdminClientAsync();
        await PostSignedAsync(meta, channel, MetaWebhooks.Message(
            phoneNumberId, waId, "Ola Wiśniewska",
            MetaWebhooks.Text(waId, MetaWebhooks.NewMessageId(), "Dzień dobry, czy mogę zmienić adres dostawy?", DateTimeOffset.UtcNow.AddHours(-25))));
        var processed = await ProcessedAsync(admin, (await host.WaitForInboxAsync(channel, 1))[0]);
        var ticket = processed.GetProperty("ticketId").GetGuid();
        var clientId = processed.GetProperty("clientId").GetGuid();

        using (var late = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket}/replies", new { text = "Tak, oczywiście.", @internal = false }))
        {
            await late.AssertProblemAsync(422, "channel-window-closed");
        }

        Assert.Empty(await MessagesAsync(agent, ticket, "out")); // the refused reply is not kept as if it were sent

        var card = await (await agent.GetAsync($"/api/v1/clients/{clientId}")).JsonAsync();
        var phone = Assert.Single(card.GetProperty("phones").EnumerateArray());
        using (var freeText = await agent.PostAsJsonAsync(
                   $"/api/v1/clients/{clientId}/messages", new { channelId = channel, contactId = phone.GetProperty("id").GetGuid(), text = "Hello?" }))
        {
            await freeText.AssertProblemAsync(422, "channel-window-closed");
        }

        using (var template = await agent.PostAsJsonAsync(
                   $"/api/v1/clients/{clientId}/messages",
                   new
                   {
                       channelId = channel,
                       contactId = phone.GetProperty("id").GetGuid(),
                       template = new { name = "follow_up", language = "pl", parameters = new[] { "Ola", "adres dostawy" } },
                   }))
        {
            Assert.Equal(HttpStatusCode.Accepted, template.StatusCode);
        }

        var sentTemplate = await Eventually.ReturnsAsync(
            () => Task.FromResult(host.Graph.SentTo(waId).SingleOrDefault()), s => s is not null, TimeSpan.FromSeconds(30), "the template at the Cloud API");
        Assert.Equal("template", sentTemplate!.Type);
        Assert.Equal("follow_up", sentTemplate.Body["template"]!["name"]!.GetValue<string>());

        // The client answers: the window is open again, the answer joins the same ticket and free text goes out.
        await PostSignedAsync(meta, channel, MetaWebhooks.Message(
            phoneNumberId, waId, "Ola Wiśniewska", MetaWebhooks.Text(waId, MetaWebhooks.NewMessageId(), "Tak, proszę o zmianę adresu.")));
        var answer = (await host.WaitForInboxAsync(channel, 2)).Single(e => e.Text == "Tak, proszę o zmianę adresu.");
        Assert.Equal(ticket, (await ProcessedAsync(admin, answer)).GetProperty("ticketId").GetGuid());
        using (var reply = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket}/replies", new { text = "Adres zmieniony.", @internal = false }))
        {
            Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
        }

        await WaitForDeliveryAsync(agent, ticket, "Adres zmieniony.", "sent");
    }

    [Fact]
    public async Task A_reply_written_while_the_Cloud_API_is_down_is_sent_once_when_it_is_back()
    {
        var (channel, phoneNumberId) = await CreateWhatsAppChannelAsync();
        var waId = NewWaId();
        using var meta = host.CreateClient();
        using var agent = await host.CreateAgentClientAsync();
        using var admin = await host.CreateAdminClientAsync();
        await PostSignedAsync(meta, channel, MetaWebhooks.Message(
            phoneNumberId, waId, "Piotr", MetaWebhooks.Text(waId, MetaWebhooks.NewMessageId(), "Kiedy wysyłka?")));
        var ticket = (await ProcessedAsync(admin, (await host.WaitForInboxAsync(channel, 1))[0])).GetProperty("ticketId").GetGuid();

        await host.Graph.StopAsync();
        try
        {
            using var reply = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket}/replies", new { text = "Jutro rano.", @internal = false });
            Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // a few refused attempts
            Assert.Equal("queued", (await MessagesAsync(agent, ticket, "out")).Single().GetProperty("deliveryStatus").GetString());
        }
        finally
        {
            await host.Graph.StartAsync();
        }

        await WaitForDeliveryAsync(agent, ticket, "Jutro rano.", "sent");
        Assert.Single(host.Graph.SentTo(waId));
    }

    private async Task<(Guid Channel, string PhoneNumberId)> CreateWhatsAppChannelAsync()
    {
        var phoneNumberId = "1066" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        var channel = await host.CreateChannelAsync("whatsapp", new()
        {
            ["phoneNumberId"] = phoneNumberId,
            ["accessToken"] = host.Graph.AccessToken,
            ["appSecret"] = AppSecret,
            ["verifyToken"] = "verify",
            ["apiBaseUrl"] = host.Graph.BaseUrl,
            ["apiVersion"] = FakeGraphApi.Version,
        });
        return (channel, phoneNumberId);
    }

    private static async Task PostSignedAsync(HttpClient meta, Guid channel, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/channels/{channel}/webhook")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Hub-Signature-256", MetaWebhooks.Sign(body, AppSecret));
        using var response = await meta.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static InboxEntry Entry(IReadOnlyList<InboxEntry> inbox, string text) => inbox.Single(e => e.Text == text);

    private static Task<JsonElement> ProcessedAsync(HttpClient admin, InboxEntry entry) =>
        Eventually.ReturnsAsync(
            async () =>
            {
                using var response = await admin.GetAsync($"/api/v1/inbound/{entry.InboxId}");
                return response.IsSuccessStatusCode ? await response.JsonAsync() : default;
            },
            status => status.ValueKind == JsonValueKind.Object && status.GetProperty("status").GetString() == "processed",
            TimeSpan.FromSeconds(30),
            $"inbox entry {entry.InboxId} ({entry.Text}) to be processed");

    private static async Task<IReadOnlyList<JsonElement>> MessagesAsync(HttpClient agent, Guid ticketId, string direction)
    {
        using var response = await agent.GetAsync($"/api/v1/tickets/{ticketId}/messages");
        var body = await response.JsonAsync();
        return body.GetProperty("items").EnumerateArray().Where(m => m.GetProperty("direction").GetString() == direction).Select(m => m.Clone()).ToList();
    }

    /// <summary>Waits until the agent's reply <paramref name="text"/> shows <paramref name="status"/> in the ticket.</summary>
    private static Task WaitForDeliveryAsync(HttpClient agent, Guid ticketId, string text, string status) =>
        Eventually.ReturnsAsync(
            async () => (await MessagesAsync(agent, ticketId, "out")).FirstOrDefault(m => m.GetProperty("text").GetString() == text),
            m => m.ValueKind == JsonValueKind.Object && m.GetProperty("deliveryStatus").GetString() == status,
            TimeSpan.FromSeconds(60), // statuses travel through two outboxes; the shared machine can be slow
            $"the reply '{text}' to be {status}");
}
