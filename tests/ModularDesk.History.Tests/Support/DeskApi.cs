using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModularDesk.Channels.Contracts;
using ModularDesk.Testing;

namespace ModularDesk.History.Tests.Support;

/// <summary>
/// The real host with ingestion polling quickly, for tests that drive the desk only through its HTTP API:
/// <c>POST /api/v1/inbound</c>, the Clients, Organizations and Tickets routes, and History's lists.
/// </summary>
public sealed class DeskHostFixture : HostFixture
{
    public DeskHostFixture() => Set("Tickets:Ingestion:IdlePollMilliseconds", "100");
}

/// <summary>What an integration or an agent does through the API.</summary>
internal static class DeskApi
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>An email from <paramref name="email"/> to the built-in API channel; returns the inbox id.</summary>
    public static async Task<Guid> PostEmailAsync(
        HttpClient admin, string email, string displayName, string subject, string text, DateTimeOffset? sentAt = null)
    {
        using var response = await admin.PostAsJsonAsync("/api/v1/inbound", new
        {
            channelId = BuiltInChannels.ApiChannelId,
            externalMessageId = $"<{Guid.NewGuid()}@mail.example.org>",
            from = new { kind = "email", value = email, displayName },
            subject,
            text,
            sentAt,
        });
        Assert.True(
            response.StatusCode is HttpStatusCode.Accepted,
            $"inbound: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.JsonAsync()).GetProperty("inboxId").GetGuid();
    }

    /// <summary>Waits until the inbox message is filed; returns (ticketId, clientId).</summary>
    public static async Task<(Guid TicketId, Guid ClientId)> FiledAsync(HttpClient admin, Guid inboxId)
    {
        var body = await Eventually.ReturnsAsync(
            async () =>
            {
                using var response = await admin.GetAsync($"/api/v1/inbound/{inboxId}");
                return await response.JsonAsync();
            },
            b => b.GetProperty("status").GetString() is "processed" or "failed",
            TimeSpan.FromSeconds(60), $"inbound {inboxId} filed");
        Assert.Equal("processed", body.GetProperty("status").GetString());
        return (body.GetProperty("ticketId").GetGuid(), body.GetProperty("clientId").GetGuid());
    }

    public static async Task<(Guid TicketId, Guid ClientId)> EmailAsync(
        HttpClient admin, string email, string displayName, string subject, string text, DateTimeOffset? sentAt = null) =>
        await FiledAsync(admin, await PostEmailAsync(admin, email, displayName, subject, text, sentAt));

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    /// <summary>An agent's reply (or internal note) on a ticket; returns the message id.</summary>
    public static async Task<Guid> ReplyAsync(HttpClient agent, Guid ticketId, string text, bool isInternal = false)
    {
        using var response = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/replies", new { text, @internal = isInternal });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"reply: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.JsonAsync()).Id();
    }

    public static async Task<Guid> CreateOrganizationAsync(HttpClient admin, string name)
    {
        using var created = await admin.PostAsJsonAsync("/api/v1/organizations", new { name });
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"organization: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        return (await created.JsonAsync()).Id();
    }

    public static async Task AddMembersAsync(HttpClient agent, Guid organizationId, params Guid[] clientIds)
    {
        using var response = await agent.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/members", new { clientIds });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
