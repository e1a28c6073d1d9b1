using System.Net.Http.Json;
using ModularDesk.Tickets.Tests.Support;
using static ModularDesk.Tickets.Tests.Support.TicketsHostFixture;

namespace ModularDesk.Tickets.Tests.Ingestion;

/// <summary>What Clients says about a sender shows on the ticket: spam (C11), VIP (C12), language (C5).</summary>
public sealed class SenderFlagsTests(TicketsHostFixture host) : IClassFixture<TicketsHostFixture>
{
    [Fact]
    public async Task A_spammers_message_makes_a_spam_ticket_that_is_kept()
    {
        using var admin = await host.AdminAsync();
        var email = $"{Unique("spam")}@spam.example";
        using (var spammer = await admin.PostAsJsonAsync("/api/v1/clients", new
               {
                   name = "Watch Seller",
                   isSpammer = true,
                   emails = new[] { new { address = email, label = "business" } },
               }))
        {
            Assert.True(spammer.IsSuccessStatusCode, await spammer.Content.ReadAsStringAsync());
        }

        var (ticketId, _) = await IngestAsync(admin, new
        {
            externalMessageId = $"<{Guid.NewGuid()}@spam.example>",
            from = new { kind = "email", value = email },
            subject = "Cheap watches",
            text = "Buy now",
        });

        var ticket = await GetJsonAsync(admin, $"/api/v1/tickets/{ticketId}");
        Assert.Equal("spam", ticket.GetProperty("status").GetString());
        var spam = await GetJsonAsync(admin, "/api/v1/tickets?status=spam");
        Assert.Contains(spam.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetGuid() == ticketId);
    }

    [Fact]
    public async Task A_vip_clients_message_makes_a_vip_ticket()
    {
        using var admin = await host.AdminAsync();
        var email = $"{Unique("vip")}@vip.example";
        using (var created = await admin.PostAsJsonAsync("/api/v1/clients", new
               {
                   name = "Very Important",
                   isVip = true,
                   emails = new[] { new { address = email, label = "business" } },
               }))
        {
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        var (ticketId, _) = await IngestAsync(admin, new
        {
            externalMessageId = $"<{Guid.NewGuid()}@vip.example>",
            from = new { kind = "email", value = email },
            subject = "Contract renewal",
            text = "Let us talk.",
        });

        Assert.True((await GetJsonAsync(admin, $"/api/v1/tickets/{ticketId}")).GetProperty("isVip").GetBoolean());
    }

    [Fact]
    public async Task The_language_of_the_first_message_is_filled_on_the_card_and_the_ticket()
    {
        using var admin = await host.AdminAsync();
        var (ticketId, clientId) = await IngestAsync(admin, new
        {
            externalMessageId = Guid.NewGuid().ToString(),
            from = new { kind = "messenger", value = Unique("tg"), messenger = "telegram", languageHint = "pl" },
            text = "Dzień dobry, mam problem z zamówieniem, które złożyłem w zeszłym tygodniu.",
        });

        Assert.Equal("pl", (await GetJsonAsync(admin, $"/api/v1/tickets/{ticketId}")).GetProperty("language").GetString());
        Assert.Equal("pl", (await GetJsonAsync(admin, $"/api/v1/clients/{clientId}")).GetProperty("language").GetString());
    }
}
