using System.Net;
using System.Net.Http.Json;
using ModularDesk.Agents.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Agents.Tests.Staff;

/// <summary>What an agent without the admin role may and may not do.</summary>
public sealed class AuthorizationTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task An_agent_may_not_create_agents()
    {
        using var agent = await host.CreateAgentClientAsync();

        using var response = await agent.PostAsJsonAsync(
            "/api/v1/agents", new { name = "Eve", email = Support.Agents.NewEmail(), password = HostFixture.AgentPassword, role = "admin" });

        await response.AssertProblemAsync(403, "forbidden");
    }

    [Fact]
    public async Task An_agent_may_not_create_teams()
    {
        using var agent = await host.CreateAgentClientAsync();

        using var response = await agent.PostAsJsonAsync("/api/v1/teams", new { name = "Shadow team", memberIds = Array.Empty<Guid>() });

        await response.AssertProblemAsync(403, "forbidden");
    }

    [Fact]
    public async Task An_agent_may_list_agents_and_teams()
    {
        using var agent = await host.CreateAgentClientAsync();

        using var agents = await agent.GetAsync("/api/v1/agents");
        using var teams = await agent.GetAsync("/api/v1/teams");

        Assert.Equal(HttpStatusCode.OK, agents.StatusCode);
        Assert.Contains((await agents.JsonAsync()).GetProperty("items").EnumerateArray(), a => a.GetProperty("email").GetString() == HostFixture.AdminEmail);
        Assert.Equal(HttpStatusCode.OK, teams.StatusCode);
    }

    [Fact]
    public async Task The_job_dashboard_is_for_admins_only()
    {
        using var anonymous = host.CreateClient();
        using var agent = await host.CreateAgentClientAsync();
        using var admin = await host.CreateAdminClientAsync();

        using var asAnonymous = await anonymous.GetAsync("/hangfire");
        using var asAgent = await agent.GetAsync("/hangfire");
        using var asAdmin = await admin.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Unauthorized, asAnonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asAgent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
    }

    [Fact]
    public async Task An_agent_promoted_to_admin_gains_admin_rights_with_the_same_token()
    {
        using var admin = await host.CreateAdminClientAsync();
        var email = Support.Agents.NewEmail();
        var created = await Support.Agents.CreateAsync(admin, email);
        using var agent = host.CreateClientWithToken(await host.LoginAsync(email, HostFixture.AgentPassword));

        using var promoted = await admin.PatchJsonAsync($"/api/v1/agents/{created.GetProperty("id").GetGuid()}", new { role = "admin" });
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);

        using var response = await agent.PostAsJsonAsync("/api/v1/teams", new { name = $"Team {Guid.NewGuid():N}", memberIds = Array.Empty<Guid>() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
