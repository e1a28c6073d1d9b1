using System.Net;
using System.Net.Http.Json;
using ModularDesk.Clients.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Clients.Tests.SenderLists;

/// <summary>C11, C12: spammer and VIP marks, the admin's blocklist and allowlist, as the ingestion path sees them.</summary>
public sealed class SenderListTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task A_blocklisted_domain_blocks_its_senders_and_the_allowlist_wins()
    {
        using var admin = await host.CreateAdminClientAsync();
        var domain = $"spam-{Guid.NewGuid():N}.test";
        using (var added = await admin.PostAsJsonAsync("/api/v1/blocklist", new { value = "@" + domain.ToUpperInvariant() }))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            Assert.Equal("@" + domain, (await added.JsonAsync()).GetProperty("value").GetString());
        }

        var blocked = await Senders.ResolveAsync(host, Senders.Email($"bot@{domain}"));
        Assert.True(blocked.IsBlocked);
        Assert.False(blocked.IsVip);

        using (var allowed = await admin.PostAsJsonAsync("/api/v1/allowlist", new { value = $"friend@{domain}" }))
        {
            Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        }

        var friend = await Senders.ResolveAsync(host, Senders.Email($"Friend@{domain}"));
        Assert.False(friend.IsBlocked);
        Assert.True(friend.IsVip);

        using var list = await admin.GetAsync("/api/v1/blocklist?limit=200");
        Assert.Contains((await list.JsonAsync()).GetProperty("items").EnumerateArray(), i => i.GetProperty("value").GetString() == "@" + domain);

        using (var removed = await admin.DeleteAsync($"/api/v1/blocklist?value=@{domain}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        Assert.False((await Senders.ResolveAsync(host, Senders.Email($"bot@{domain}"))).IsBlocked);
    }

    [Fact]
    public async Task A_card_marked_spammer_is_blocked_and_unmarking_restores_it()
    {
        using var agent = await host.CreateAgentClientAsync();
        var email = Support.Clients.NewEmail("spammer");
        var id = await Support.Clients.CreateIdAsync(agent, new { name = "Spammer", isSpammer = true, emails = new[] { new { address = email } } });

        Assert.True((await Senders.ResolveAsync(host, Senders.Email(email))).IsBlocked);

        using (var unmarked = await agent.PatchJsonAsync($"/api/v1/clients/{id}", new { isSpammer = false }))
        {
            Assert.Equal(HttpStatusCode.OK, unmarked.StatusCode);
        }

        Assert.False((await Senders.ResolveAsync(host, Senders.Email(email))).IsBlocked);
    }

    [Fact]
    public async Task A_vip_card_is_reported_as_vip()
    {
        using var agent = await host.CreateAgentClientAsync();
        var phone = Support.Clients.NewPhone();
        await Support.Clients.CreateIdAsync(agent, new { name = "VIP", isVip = true, phones = new[] { new { number = phone } } });

        var resolved = await Senders.ResolveAsync(host, new("phone", phone.Replace(" ", "", StringComparison.Ordinal), ModularDesk.Channels.Contracts.BuiltInChannels.ApiChannelId, "whatsapp"));

        Assert.True(resolved.IsVip);
        Assert.False(resolved.IsBlocked);
    }

    [Fact]
    public async Task Only_admins_manage_the_lists_and_bad_values_are_400s()
    {
        using var agent = await host.CreateAgentClientAsync();
        using var admin = await host.CreateAdminClientAsync();

        using var forbidden = await agent.PostAsJsonAsync("/api/v1/blocklist", new { value = "x@y.test" });
        using var forbiddenList = await agent.GetAsync("/api/v1/allowlist");
        using var bad = await admin.PostAsJsonAsync("/api/v1/blocklist", new { value = "@nodot" });

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbiddenList.StatusCode);
        await bad.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["value"], await bad.ValidationFieldsAsync());
    }
}
