using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModularDesk.Plugins.Messengers.Tests.Fakes;
using ModularDesk.Plugins.Messengers.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Plugins.Messengers.Tests.EndToEnd;

/// <summary>
/// What agents see once the Tickets module ingests the inbox: client cards filled from the messenger profile, one
/// ticket per conversation, edits applied, and replies written in the desk arriving at the messenger's API.
/// </summary>
public sealed class MessengerTicketsTests(MessengersHostFixture host) : IClassFixture<MessengersHostFixture>
{
    private const string AppSecret = "e2e-app-secret-0123456789";
    private static readonly byte[] Avatar = [0xFF, 0xD8, 0xFF, 0xE0, 0x11, 0x22, 0xFF, 0xD9];

    [Fact]
    public async Task Telegram_users_get_cards_from_their_profile_and_one_ticket_per_chat_and_replies_reach_them()
    {
        var bot = host.Telegram.CreateBot();
        var ana = new TelegramUser(6_660_001, "Ana", "Silva", "ana_s", "pt");
        var bob = new TelegramUser(6_660_002, "Bob", null, "bobby", "en");
        bot.SetProfilePhoto(ana, Avatar);
        var channel = await host.CreateTelegramChannelAsync(bot);

        var first = bot.UserSends(ana, "Olá, a minha encomenda não chegou.");
        bot.UserSends(ana, "O número é 1042.");
        bot.UserEdits(ana, first, "Olá, a minha encomenda ainda não chegou.");
        bot.UserSends(bob, "Hi, I need an invoice.");
        var inbox = await host.WaitForInboxAsync(channel, 4);
        using var agent = await host.CreateAgentClientAsync();
        using var admin = await host.CreateAdminClientAsync(); // GET /api/v1/inbound/{id} is admin-only
        var processed = await Task.WhenAll(inbox.Select(e => ProcessedAsync(admin, e.InboxId)));

        var anaTicket = processed[0].GetProperty("ticketId").GetGuid();
        Assert.Equal(anaTicket, processed[1].GetProperty("ticketId").GetGuid());
        var bobTicket = processed[3].GetProperty("ticketId").GetGuid();
        Assert.NotEqual(anaTicket, bobTicket);

        var card = await (await agent.GetAsync($"/api/v1/clients/{processed[0].GetProperty("clientId").GetGuid()}")).JsonAsync();
        Assert.Equal("Ana Silva", card.GetProperty("name").GetString());
        Assert.Equal("pt", card.GetProperty("language").GetString());
        Assert.Equal(inbox[0].Sender("avatarUrl"), card.GetProperty("avatarUrl").GetString());
        var messenger = Assert.Single(card.GetProperty("messengers").EnumerateArray());
        Assert.Equal(("telegram", ana.Id.ToString(CultureInfo.InvariantCulture)), (messenger.GetProperty("messenger").GetString(), messenger.GetProperty("id").GetString()));

        var messages = await MessagesAsync(agent, anaTicket);
        Assert.Equal(["Olá, a minha encomenda ainda não chegou.", "O número é 1042."], messages.Select(m => m.GetProperty("text").GetString()));

        using var reply = await agent.PostAsJsonAsync($"/api/v1/tickets/{anaTicket}/replies", new { text = "Vamos verificar já!", @internal = false });
        Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(bot.Sent.Any(s => s.ChatId == ana.Id && s.Text == "Vamos verificar já!")));
    }

    [Fact]
    public async Task A_WhatsApp_sender_gets_a_card_with_the_E164_phone_and_the_reply_goes_to_the_Cloud_API()
    {
        var phoneNumberId = "1065" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        var channel = await host.CreateChannelAsync("whatsapp", new()
        {
            ["phoneNumberId"] = phoneNumberId,
            ["accessToken"] = host.Graph.AccessToken,
            ["appSecret"] = AppSecret,
            ["verifyToken"] = "verify",
            ["apiBaseUrl"] = host.Graph.BaseUrl,
            ["apiVersion"] = FakeGraphApi.Version,
        });
        const string waId = "48601777888";
        using var meta = host.CreateClient();
        foreach (var text in new[] { "Dzień dobry!", "Mam pytanie o fakturę." })
        {
            var body = MetaWebhooks.Message(phoneNumberId, waId, "Jan Kowalski", MetaWebhooks.Text(waId, MetaWebhooks.NewMessageId(), text));
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/channels/{channel}/webhook") { Content = new StringContent(body) };
            request.Headers.Add("X-Hub-Signature-256", MetaWebhooks.Sign(body, AppSecret));
            Assert.Equal(HttpStatusCode.OK, (await meta.SendAsync(request)).StatusCode);
        }

        var inbox = await host.WaitForInboxAsync(channel, 2);
        using var agent = await host.CreateAgentClientAsync();
        using var admin = await host.CreateAdminClientAsync(); // GET /api/v1/inbound/{id} is admin-only
        var processed = await Task.WhenAll(inbox.Select(e => ProcessedAsync(admin, e.InboxId)));
        var ticket = processed[0].GetProperty("ticketId").GetGuid();
        Assert.Equal(ticket, processed[1].GetProperty("ticketId").GetGuid());

        var card = await (await agent.GetAsync($"/api/v1/clients/{processed[0].GetProperty("clientId").GetGuid()}")).JsonAsync();
        Assert.Equal("Jan Kowalski", card.GetProperty("name").GetString());
        Assert.Equal("+" + waId, Assert.Single(card.GetProperty("phones").EnumerateArray()).GetProperty("number").GetString());

        using var reply = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket}/replies", new { text = "Dzień dobry, już sprawdzam.", @internal = false });
        Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(
            host.Graph.SentTo(waId).Any(s => s.Body["text"]?["body"]?.GetValue<string>() == "Dzień dobry, już sprawdzam.")));
    }

    private static Task<JsonElement> ProcessedAsync(HttpClient agent, Guid inboxId) =>
        Eventually.ReturnsAsync(
            async () =>
            {
                using var response = await agent.GetAsync($"/api/v1/inbound/{inboxId}");
                return response.IsSuccessStatusCode ? await response.JsonAsync() : default;
            },
            status => status.ValueKind == JsonValueKind.Object && status.GetProperty("status").GetString() == "processed",
            TimeSpan.FromSeconds(30),
            $"inbox entry {inboxId} to be processed");

    private static async Task<IReadOnlyList<JsonElement>> MessagesAsync(HttpClient agent, Guid ticketId)
    {
        var body = await (await agent.GetAsync($"/api/v1/tickets/{ticketId}/messages")).JsonAsync();
        return body.GetProperty("items").EnumerateArray().Where(m => m.GetProperty("direction").GetString() == "in").Select(m => m.Clone()).ToList();
    }
}
