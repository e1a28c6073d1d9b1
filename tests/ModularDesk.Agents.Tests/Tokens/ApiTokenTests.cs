using System.Net;
using System.Net.Http.Json;
using ModularDesk.Agents.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Agents.Tests.Tokens;

/// <summary>Long-lived API tokens an integration uses instead of a password.</summary>
public sealed class ApiTokenTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task An_api_token_acts_with_its_creators_role_until_it_is_revoked()
    {
        using var admin = await host.CreateAdminClientAsync();
        using var created = await admin.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "Shop integration" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var tokenId = body.GetProperty("id").GetGuid();
        var token = body.GetProperty("token").GetString()!;
        Assert.StartsWith("mdk_", token);
        Assert.Equal("Shop integration", body.GetProperty("name").GetString());
        using var integration = host.CreateClientWithToken(token);

        using var asAdmin = await integration.PostAsJsonAsync(
            "/api/v1/agents", new { name = "Via token", email = Support.Agents.NewEmail(), password = HostFixture.AgentPassword, role = "agent" });
        Assert.Equal(HttpStatusCode.Created, asAdmin.StatusCode);

        using var list = await admin.GetAsync("/api/v1/auth/tokens");
        var listed = (await list.JsonAsync()).GetProperty("items").EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == tokenId);
        Assert.False(listed.TryGetProperty("token", out _));
        Assert.Equal("api", listed.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKindNull, listed.GetProperty("expiresAt").ValueKind);

        using var revoked = await admin.DeleteAsync($"/api/v1/auth/tokens/{tokenId}");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        using var afterRevoke = await integration.GetAsync("/api/v1/auth/me");
        await afterRevoke.AssertProblemAsync(401, "unauthorized");
    }

    [Fact]
    public async Task An_agents_api_token_carries_the_agent_role_only()
    {
        using var agent = await host.CreateAgentClientAsync();
        using var created = await agent.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "My script" });
        using var integration = host.CreateClientWithToken((await created.JsonAsync()).GetProperty("token").GetString()!);

        using var read = await integration.GetAsync("/api/v1/agents");
        using var write = await integration.PostAsJsonAsync("/api/v1/teams", new { name = "Nope", memberIds = Array.Empty<Guid>() });

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        await write.AssertProblemAsync(403, "forbidden");
    }

    [Fact]
    public async Task Nobody_revokes_another_agents_token()
    {
        using var admin = await host.CreateAdminClientAsync();
        using var created = await admin.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "Admin's" });
        var body = await created.JsonAsync();
        using var agent = await host.CreateAgentClientAsync();

        using var response = await agent.DeleteAsync($"/api/v1/auth/tokens/{body.GetProperty("id").GetGuid()}");

        await response.AssertProblemAsync(404, "not-found");
        using var stillWorks = host.CreateClientWithToken(body.GetProperty("token").GetString()!);
        using var me = await stillWorks.GetAsync("/api/v1/auth/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task A_token_without_a_name_is_a_400_naming_name()
    {
        using var admin = await host.CreateAdminClientAsync();

        using var response = await admin.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "" });

        await response.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["name"], await response.ValidationFieldsAsync());
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
