using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModularDesk.Testing;

namespace ModularDesk.Agents.Tests.Support;

/// <summary>Creating agents through the API as an admin would.</summary>
internal static class Agents
{
    public static string NewEmail(string prefix = "agent") => $"{prefix}-{Guid.NewGuid():N}@example.test";

    public static async Task<JsonElement> CreateAsync(HttpClient admin, string email, string role = "agent", string? password = null)
    {
        using var response = await admin.PostAsJsonAsync(
            "/api/v1/agents", new { name = "Ann Agent", email, password = password ?? HostFixture.AgentPassword, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }
}
