using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModularDesk.Testing;

namespace ModularDesk.Organizations.Tests.Support;

/// <summary>What the tests set up through the API, as an admin or agent would.</summary>
internal static class Desk
{
    public static string NewDomain(string prefix = "acme") => $"{prefix}-{Guid.NewGuid():N}"[..24] + ".test";

    public static async Task<JsonElement> CreateOrganizationAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/organizations", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    public static async Task<Guid> CreateAgentAsync(HttpClient admin, string name = "Ann Agent")
    {
        using var response = await admin.PostAsJsonAsync(
            "/api/v1/agents",
            new { name, email = $"agent-{Guid.NewGuid():N}@example.test", password = HostFixture.AgentPassword, role = "agent" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    public static async Task<Guid> CreateTeamAsync(HttpClient admin, params Guid[] memberIds)
    {
        using var response = await admin.PostAsJsonAsync("/api/v1/teams", new { name = $"Team {Guid.NewGuid():N}", memberIds });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    public static async Task<Guid> CreateRuleAsync(HttpClient admin, object rule)
    {
        using var response = await admin.PostAsJsonAsync("/api/v1/routing-rules", rule);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>A client card with one email, created as an agent would (the Clients module's API).</summary>
    public static async Task<JsonElement> CreateClientAsync(HttpClient client, string name, string email)
    {
        using var response = await client.PostAsJsonAsync(
            "/api/v1/clients", new { name, emails = new[] { new { address = email, label = "business" } } });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    public static async Task<Guid?> OrganizationOfClientAsync(HttpClient client, Guid clientId)
    {
        using var response = await client.GetAsync($"/api/v1/clients/{clientId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var organization = (await response.JsonAsync()).GetProperty("organizationId");
        return organization.ValueKind == JsonValueKind.Null ? null : organization.GetGuid();
    }

    /// <summary>
    /// Admin-defined organization custom fields <c>plan</c> (text), <c>region</c> (text), <c>seats</c> (number) and
    /// the customer type <c>partner</c>; defining them twice in one desk is a harmless 409.
    /// </summary>
    public static async Task DefineCardDetailsAsync(HttpClient admin)
    {
        foreach (var (key, type) in new[] { ("plan", "text"), ("region", "text"), ("seats", "number") })
        {
            using var field = await admin.PostAsJsonAsync("/api/v1/custom-fields", new { entity = "organization", key, label = key, type });
            Assert.True(field.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await field.Content.ReadAsStringAsync());
        }

        using var customerType = await admin.PostAsJsonAsync("/api/v1/customer-types", new { name = "partner" });
        Assert.True(customerType.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await customerType.Content.ReadAsStringAsync());
    }

    public static IEnumerable<string> Strings(this JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!);
}
