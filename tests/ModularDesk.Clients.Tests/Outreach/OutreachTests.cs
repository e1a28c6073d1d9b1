using System.Net;
using System.Net.Http.Json;
using ModularDesk.Channels.Contracts;
using ModularDesk.Clients.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Clients.Tests.Outreach;

/// <summary>C19, C23, G5 from the card: writing to a client, whether we can, and consents (rules enforced by Channels).</summary>
public sealed class OutreachTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task An_agent_writes_to_a_clients_email_and_an_opted_out_client_is_refused_with_422()
    {
        using var agent = await host.CreateAgentClientAsync();
        var card = await Support.Clients.CreateAsync(agent, new { name = "Writable", emails = new[] { new { address = Support.Clients.NewEmail() } } });
        var id = card.GetProperty("id").GetGuid();
        var contactId = card.GetProperty("emails")[0].GetProperty("id").GetGuid();

        using var sent = await agent.PostAsJsonAsync($"/api/v1/clients/{id}/messages", new { channelId = BuiltInChannels.ApiChannelId, contactId, text = "Hello from the card" });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var body = await sent.JsonAsync();
        Assert.Equal("queued", body.GetProperty("status").GetString());
        Assert.NotEqual(Guid.Empty, body.GetProperty("id").GetGuid());

        using var optOut = await agent.PutAsJsonAsync($"/api/v1/clients/{id}/consents", new[] { new { channelType = BuiltInChannels.ApiPluginId, status = "optedOut" } });
        Assert.Equal(HttpStatusCode.OK, optOut.StatusCode);
        using var consents = await agent.GetAsync($"/api/v1/clients/{id}/consents");
        Assert.Contains((await consents.JsonAsync()).EnumerateArray(), c => c.GetProperty("status").GetString() == "optedOut");

        using var refused = await agent.PostAsJsonAsync($"/api/v1/clients/{id}/messages", new { channelId = BuiltInChannels.ApiChannelId, contactId, text = "Again" });
        await refused.AssertProblemAsync(422, "opted-out");
    }

    [Fact]
    public async Task Reachability_lists_the_cards_contacts()
    {
        using var agent = await host.CreateAgentClientAsync();
        var card = await Support.Clients.CreateAsync(agent, new { name = "Reach", emails = new[] { new { address = Support.Clients.NewEmail() } } });

        using var response = await agent.GetAsync($"/api/v1/clients/{card.GetProperty("id").GetGuid()}/reachability");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var item in (await response.JsonAsync()).GetProperty("items").EnumerateArray())
        {
            Assert.Equal(card.GetProperty("emails")[0].GetProperty("id").GetGuid(), item.GetProperty("contactId").GetGuid());
        }
    }

    [Fact]
    public async Task A_message_without_text_or_to_an_unknown_contact_is_a_400()
    {
        using var agent = await host.CreateAgentClientAsync();
        var id = await Support.Clients.CreateIdAsync(agent, new { name = "No text" });

        using var response = await agent.PostAsJsonAsync($"/api/v1/clients/{id}/messages", new { channelId = BuiltInChannels.ApiChannelId, contactId = Guid.NewGuid() });

        await response.AssertProblemAsync(400, "validation-error");
        Assert.Equivalent(new[] { "contactId", "text" }, await response.ValidationFieldsAsync());
    }
}
