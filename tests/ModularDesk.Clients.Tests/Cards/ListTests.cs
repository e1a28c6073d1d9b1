using System.Net;
using System.Text.Json;
using ModularDesk.Clients.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Clients.Tests.Cards;

/// <summary>C8: the clients list with filters and cursor pages.</summary>
public sealed class ListTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Filters_combine_and_pages_follow_the_cursor_without_repeats()
    {
        using var agent = await host.CreateAgentClientAsync();
        var type = "type-" + Guid.NewGuid().ToString("N")[..8];
        await Support.ClientCards.DefineCustomerTypeAsync(host, type);
        var vips = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            vips.Add(await Support.Clients.CreateIdAsync(agent, new { name = $"Vip {i}", isVip = true, customerType = type }));
        }

        await Support.Clients.CreateIdAsync(agent, new { name = "Not vip", customerType = type });
        var hidden = await Support.Clients.CreateIdAsync(agent, new { name = "Hidden vip", isVip = true, customerType = type });
        using (await agent.PostAsync($"/api/v1/clients/{hidden}/hide", null))
        {
        }

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            using var response = await agent.GetAsync($"/api/v1/clients?isVip=true&customerType={type}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.JsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(vips.AsEnumerable().Reverse(), seen);

        using var hiddenList = await agent.GetAsync($"/api/v1/clients?hidden=true&customerType={type}");
        Assert.Equal([hidden], (await hiddenList.JsonAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));

        using var byName = await agent.GetAsync($"/api/v1/clients?customerType={type}&sort=name&limit=200");
        var names = (await byName.JsonAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();
        Assert.Equal(["Not vip", "Vip 0", "Vip 1", "Vip 2", "Vip 3", "Vip 4"], names);
    }

    [Fact]
    public async Task A_bad_cursor_is_a_400()
    {
        using var agent = await host.CreateAgentClientAsync();

        using var response = await agent.GetAsync("/api/v1/clients?cursor=nonsense");

        await response.AssertProblemAsync(400, "validation-error");
    }
}
