using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Channels.Contracts;
using ModularDesk.Clients.Contracts.Resolution;
using ModularDesk.Clients.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Clients.Tests.Resolution;

/// <summary>C3, C11, C12: a batch of senders resolved in one call finds the same cards, with the same flags, as one by one.</summary>
public sealed class BatchResolutionTests(HostFixture host) : IClassFixture<HostFixture>
{
    private static async Task<IReadOnlyList<ResolvedSender>> ResolveManyAsync(HostFixture host, IReadOnlyList<InboundSender> senders)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IClientSenderResolver>().ResolveManyAsync(senders);
    }

    [Fact]
    public async Task A_batch_finds_the_same_cards_and_flags_as_one_by_one_and_creates_each_new_sender_once()
    {
        using var agent = await host.CreateAgentClientAsync();
        using var admin = await host.CreateAdminClientAsync();
        var plain = Support.Clients.NewEmail("plain");
        var plainId = await Support.Clients.CreateIdAsync(agent, new { name = "Plain", emails = new[] { new { address = plain } } });
        var spammer = Support.Clients.NewEmail("spammer");
        var spammerId = await Support.Clients.CreateIdAsync(agent, new { name = "Spammer", isSpammer = true, emails = new[] { new { address = spammer } } });
        var vipPhone = Support.Clients.NewPhone();
        var vipId = await Support.Clients.CreateIdAsync(agent, new { name = "VIP", isVip = true, phones = new[] { new { number = vipPhone } } });
        var domain = $"blocked-{Guid.NewGuid():N}.test";
        using (var blocked = await admin.PostAsJsonAsync("/api/v1/blocklist", new { value = "@" + domain }))
        {
            Assert.Equal(HttpStatusCode.Created, blocked.StatusCode);
        }

        using (var allowed = await admin.PostAsJsonAsync("/api/v1/allowlist", new { value = $"friend@{domain}" }))
        {
            Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        }

        var newTelegram = Guid.NewGuid().ToString("N");
        var newEmail = Support.Clients.NewEmail("Nowy");
        var senders = new List<InboundSender>
        {
            Senders.Email(plain),
            Senders.Email(spammer),
            new("phone", vipPhone.Replace(" ", "", StringComparison.Ordinal), BuiltInChannels.ApiChannelId, "whatsapp"),
            Senders.Email($"bot@{domain}"),
            Senders.Email($"Friend@{domain}"),
            Senders.Telegram(newTelegram, "Nowy Klient", "Dzień dobry, moje zamówienie jeszcze nie dotarło do domu."),
            Senders.Email(newEmail, "Nowa Klientka"),
            Senders.Email(newEmail.ToUpperInvariant(), "Nowa Klientka"),
        };

        var batch = await ResolveManyAsync(host, senders);

        Assert.Equal(senders.Count, batch.Count);
        Assert.Equal([plainId, spammerId, vipId], batch.Take(3).Select(r => r.ClientId));
        Assert.Equal([false, true, false, true, false, false, false, false], batch.Select(r => r.IsBlocked));
        Assert.Equal([false, false, true, false, true, false, false, false], batch.Select(r => r.IsVip));
        Assert.Equal([false, false, false, true, true, true, true, true], batch.Select(r => r.Created));
        Assert.Equal("pl", batch[5].Language);
        Assert.Equal("Nowy Klient", batch[5].Name);
        Assert.Equal(batch[6].ClientId, batch[7].ClientId);
        Assert.Equal(7, batch.Select(r => r.ClientId).Distinct().Count());

        for (var i = 0; i < senders.Count; i++)
        {
            var single = await Senders.ResolveAsync(host, senders[i]);
            Assert.Equal(batch[i] with { Created = false }, single);
        }

        var card = await Support.Clients.GetAsync(agent, batch[6].ClientId);
        Assert.Single(card.GetProperty("emails").EnumerateArray());
        Assert.Equal(newEmail, card.GetProperty("emails")[0].GetProperty("address").GetString());
        Assert.Equal("system", card.GetProperty("provenance").GetProperty("avatarUrl").GetProperty("source").GetString());
    }

    [Fact]
    public async Task Concurrent_batches_with_the_same_new_senders_make_one_card_each()
    {
        var ids = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid().ToString("N")).ToList();

        // Eight batches at once, each with all six new senders in its own order.
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(n => Task.Run(async () =>
        {
            var order = ids.OrderBy(id => HashCode.Combine(id, n)).ToList();
            var resolved = await ResolveManyAsync(host, order.Select(id => Senders.Telegram(id, "Racer " + id[..4])).ToList());
            return order.Zip(resolved).ToList();
        })));

        foreach (var id in ids)
        {
            var forId = results.SelectMany(r => r).Where(p => p.First == id).Select(p => p.Second).ToList();
            Assert.Equal(8, forId.Count);
            Assert.Single(forId.Select(r => r.ClientId).Distinct());
            Assert.Single(forId, r => r.Created);
        }

        using var agent = await host.CreateAgentClientAsync();
        var card = await Support.Clients.GetAsync(agent, results[0][0].Second.ClientId);
        Assert.Single(card.GetProperty("messengers").EnumerateArray());
    }
}
