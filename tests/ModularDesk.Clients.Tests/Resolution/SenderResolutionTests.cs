using System.Net;
using ModularDesk.Clients.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Clients.Tests.Resolution;

/// <summary>C3, C5, C22: inbound senders find or create their card.</summary>
public sealed class SenderResolutionTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task A_new_email_sender_gets_a_card_filled_from_the_channel_and_the_next_message_finds_it()
    {
        var email = Support.Clients.NewEmail("Anna.Silva");

        var first = await Senders.ResolveAsync(host, Senders.Email(
            email, "Anna Silva", "Olá, ainda não recebi o meu pedido e já se passaram duas semanas."));
        var second = await Senders.ResolveAsync(host, Senders.Email(email.ToUpperInvariant(), "Anna S."));

        Assert.True(first.Created);
        Assert.Equal("pt", first.Language);
        Assert.False(second.Created);
        Assert.Equal(first.ClientId, second.ClientId);
        using var agent = await host.CreateAgentClientAsync();
        var card = await Support.Clients.GetAsync(agent, first.ClientId);
        Assert.Equal("Anna S.", card.GetProperty("name").GetString());
        Assert.Equal("pt", card.GetProperty("language").GetString());
        Assert.Equal(email, card.GetProperty("emails")[0].GetProperty("address").GetString());
        Assert.Equal("channel", card.GetProperty("emails")[0].GetProperty("source").GetString());
        Assert.StartsWith("https://www.gravatar.com/avatar/", card.GetProperty("avatarUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal("channel", card.GetProperty("provenance").GetProperty("language").GetProperty("source").GetString());
    }

    [Fact]
    public async Task Twenty_messages_of_a_new_sender_at_once_make_one_card()
    {
        var id = Guid.NewGuid().ToString("N");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
            Senders.ResolveAsync(host, Senders.Telegram(id, "Racer")))));

        Assert.Single(results.Select(r => r.ClientId).Distinct());
        Assert.Single(results, r => r.Created);
        using var agent = await host.CreateAgentClientAsync();
        var card = await Support.Clients.GetAsync(agent, results[0].ClientId);
        Assert.Single(card.GetProperty("messengers").EnumerateArray());
    }

    [Fact]
    public async Task A_whatsapp_number_without_the_brazilian_9_finds_the_card_with_it()
    {
        using var agent = await host.CreateAgentClientAsync();
        var local = Random.Shared.Next(1000_0000, 9999_9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var id = await Support.Clients.CreateIdAsync(agent, new { name = "Brasil", phones = new[] { new { number = $"+55 21 9{local}" } } });

        var resolved = await Senders.ResolveAsync(host, new("phone", $"5521{local}", ModularDesk.Channels.Contracts.BuiltInChannels.ApiChannelId, "whatsapp"));

        Assert.False(resolved.Created);
        Assert.Equal(id, resolved.ClientId);
    }

    [Fact]
    public async Task A_language_set_by_an_agent_is_never_overwritten_but_an_empty_one_is_filled()
    {
        using var agent = await host.CreateAgentClientAsync();
        var withLanguage = Guid.NewGuid().ToString("N");
        var without = Guid.NewGuid().ToString("N");
        await Support.Clients.CreateIdAsync(agent, new { name = "Set", language = "en", messengers = new[] { new { messenger = "telegram", id = withLanguage } } });
        var emptyId = await Support.Clients.CreateIdAsync(agent, new { name = "Empty", messengers = new[] { new { messenger = "telegram", id = without } } });
        const string German = "Hallo, ich habe meine Bestellung immer noch nicht erhalten, seit zwei Wochen.";

        var kept = await Senders.ResolveAsync(host, Senders.Telegram(withLanguage, text: German));
        var filled = await Senders.ResolveAsync(host, Senders.Telegram(without, text: German));

        Assert.Equal("en", kept.Language);
        Assert.Equal("de", filled.Language);
        Assert.Equal("de", (await Support.Clients.GetAsync(agent, emptyId)).GetProperty("language").GetString());
    }

    [Fact]
    public async Task A_channel_never_overwrites_a_name_an_agent_typed()
    {
        var id = Guid.NewGuid().ToString("N");
        var created = await Senders.ResolveAsync(host, Senders.Telegram(id, "tg_user", avatar: "https://t.me/i/userpic/1.jpg"));
        using var agent = await host.CreateAgentClientAsync();
        using (var renamed = await agent.PatchJsonAsync($"/api/v1/clients/{created.ClientId}", new { name = "Jan Kowalski" }))
        {
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }

        var again = await Senders.ResolveAsync(host, Senders.Telegram(id, "New Telegram Name", avatar: "https://t.me/i/userpic/2.jpg"));

        Assert.Equal("Jan Kowalski", again.Name);
        var card = await Support.Clients.GetAsync(agent, created.ClientId);
        Assert.Equal("Jan Kowalski", card.GetProperty("name").GetString());
        Assert.Equal("agent", card.GetProperty("provenance").GetProperty("name").GetProperty("source").GetString());
        Assert.Equal("https://t.me/i/userpic/2.jpg", card.GetProperty("avatarUrl").GetString());
    }
}
