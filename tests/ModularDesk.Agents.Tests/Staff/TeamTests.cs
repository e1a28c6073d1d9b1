using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Agents.Contracts;
using ModularDesk.Agents.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Agents.Tests.Staff;

/// <summary>An admin grouping agents into teams.</summary>
public sealed class TeamTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task An_admin_creates_a_team_with_members_and_everyone_sees_it()
    {
        using var admin = await host.CreateAdminClientAsync();
        var ann = (await Support.Agents.CreateAsync(admin, Support.Agents.NewEmail())).GetProperty("id").GetGuid();
        var bob = (await Support.Agents.CreateAsync(admin, Support.Agents.NewEmail())).GetProperty("id").GetGuid();
        var name = $"Billing {Guid.NewGuid():N}";

        using var response = await admin.PostAsJsonAsync("/api/v1/teams", new { name, memberIds = new[] { bob, ann } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        var teamId = body.GetProperty("id").GetGuid();
        Assert.Equal(name, body.GetProperty("name").GetString());
        Assert.Equivalent(new[] { ann, bob }, body.GetProperty("memberIds").EnumerateArray().Select(m => m.GetGuid()).ToArray());

        using var agent = await host.CreateAgentClientAsync();
        using var list = await agent.GetAsync("/api/v1/teams?limit=200");
        var listed = (await list.JsonAsync()).GetProperty("items").EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == teamId);
        Assert.Equal(2, listed.GetProperty("memberIds").GetArrayLength());

        await using var scope = host.Factory.Services.CreateAsyncScope();
        var team = await scope.ServiceProvider.GetRequiredService<IAgentDirectory>().FindTeamAsync(teamId);
        Assert.NotNull(team);
        Assert.Equivalent(new[] { ann, bob }, team.MemberIds);
    }

    [Fact]
    public async Task An_unknown_member_is_named_by_its_position()
    {
        using var admin = await host.CreateAdminClientAsync();
        var ann = (await Support.Agents.CreateAsync(admin, Support.Agents.NewEmail())).GetProperty("id").GetGuid();

        using var response = await admin.PostAsJsonAsync("/api/v1/teams", new { name = "Ghosts", memberIds = new[] { ann, Guid.NewGuid() } });

        await response.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["memberIds[1]"], await response.ValidationFieldsAsync());
    }

    [Fact]
    public async Task A_team_without_a_name_is_a_400_naming_name()
    {
        using var admin = await host.CreateAdminClientAsync();

        using var response = await admin.PostAsJsonAsync("/api/v1/teams", new { name = " ", memberIds = Array.Empty<Guid>() });

        await response.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["name"], await response.ValidationFieldsAsync());
    }

    [Fact]
    public async Task A_second_team_with_the_same_name_is_a_409()
    {
        using var admin = await host.CreateAdminClientAsync();
        var name = $"Sales {Guid.NewGuid():N}";
        using var first = await admin.PostAsJsonAsync("/api/v1/teams", new { name, memberIds = Array.Empty<Guid>() });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var second = await admin.PostAsJsonAsync("/api/v1/teams", new { name, memberIds = Array.Empty<Guid>() });

        await second.AssertProblemAsync(409, "team-name-conflict");
    }
}
