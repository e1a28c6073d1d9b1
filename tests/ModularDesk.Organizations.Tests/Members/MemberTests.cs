using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Clients.Contracts.Directory;
using ModularDesk.Organizations.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Organizations.Tests.Members;

/// <summary>
/// An agent moving people in and out of organizations (O3, O4, O5) and deleting one. Client cards are created through
/// the Clients module's API; auto-creation is off in this class so cards stay where the test puts them.
/// </summary>
public sealed class MemberTests(HostFixture host) : IClassFixture<HostFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        using var admin = await host.CreateAdminClientAsync();
        using var off = await admin.PutAsJsonAsync("/api/v1/settings/organizations", new { autoCreateFromEmailDomain = false });
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Clients_move_in_show_as_members_and_move_out_one_by_one()
    {
        using var agent = await host.CreateAgentClientAsync();
        var organization = await NewOrganizationAsync(agent);
        var jan = await NewClientAsync(agent, "Jan Kowalski");
        var anna = await NewClientAsync(agent, "Anna Nowak");

        using var moved = await agent.PostAsJsonAsync($"/api/v1/organizations/{organization}/members", new { clientIds = new[] { jan, anna } });

        Assert.Equal(HttpStatusCode.NoContent, moved.StatusCode);
        Assert.Equal(organization, await Desk.OrganizationOfClientAsync(agent, jan));
        Assert.Equivalent(new[] { jan, anna }, await MembersAsync(agent, organization));

        using var out1 = await agent.DeleteAsync($"/api/v1/organizations/{organization}/members/{jan}");

        Assert.Equal(HttpStatusCode.NoContent, out1.StatusCode);
        Assert.Null(await Desk.OrganizationOfClientAsync(agent, jan));
        Assert.Equal([anna], await MembersAsync(agent, organization));
        using var again = await agent.DeleteAsync($"/api/v1/organizations/{organization}/members/{jan}");
        await again.AssertProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task Moving_into_another_organization_leaves_the_first()
    {
        using var agent = await host.CreateAgentClientAsync();
        var first = await NewOrganizationAsync(agent);
        var second = await NewOrganizationAsync(agent);
        var jan = await NewClientAsync(agent, "Jan");
        using (var into = await agent.PostAsJsonAsync($"/api/v1/organizations/{first}/members", new { clientIds = new[] { jan } }))
        {
            Assert.Equal(HttpStatusCode.NoContent, into.StatusCode);
        }

        using var moved = await agent.PostAsJsonAsync($"/api/v1/organizations/{second}/members", new { clientIds = new[] { jan } });

        Assert.Equal(HttpStatusCode.NoContent, moved.StatusCode);
        Assert.Equal(second, await Desk.OrganizationOfClientAsync(agent, jan));
        Assert.Empty(await MembersAsync(agent, first));
    }

    [Fact]
    public async Task Unknown_clients_are_named_and_nobody_moves()
    {
        using var agent = await host.CreateAgentClientAsync();
        var organization = await NewOrganizationAsync(agent);
        var jan = await NewClientAsync(agent, "Jan");

        using var response = await agent.PostAsJsonAsync(
            $"/api/v1/organizations/{organization}/members", new { clientIds = new[] { jan, Guid.NewGuid() } });

        await response.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["clientIds[1]"], await response.ValidationFieldsAsync());
        Assert.Null(await Desk.OrganizationOfClientAsync(agent, jan));
        using var unknownOrganization = await agent.PostAsJsonAsync($"/api/v1/organizations/{Guid.NewGuid()}/members", new { clientIds = new[] { jan } });
        await unknownOrganization.AssertProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task Adding_a_domain_offers_the_clients_already_there_and_they_can_be_attached()
    {
        using var agent = await host.CreateAgentClientAsync();
        var domain = Desk.NewDomain();
        var organization = await NewOrganizationAsync(agent);
        var jan = (await Desk.CreateClientAsync(agent, "Jan", $"jan@{domain}")).GetProperty("id").GetGuid();
        var anna = (await Desk.CreateClientAsync(agent, "Anna", $"anna@{domain.ToUpperInvariant()}")).GetProperty("id").GetGuid();
        await NewClientAsync(agent, "Elsewhere");

        using var patched = await agent.PatchJsonAsync($"/api/v1/organizations/{organization}", new { domains = new[] { domain } });

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var offered = (await patched.JsonAsync()).GetProperty("domainCandidates").EnumerateArray().Select(c => c.GetProperty("clientId").GetGuid());
        Assert.Equivalent(new[] { jan, anna }, offered);
        using var candidates = await agent.GetAsync($"/api/v1/organizations/{organization}/domain-candidates");
        var listed = (await candidates.JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equivalent(new[] { jan, anna }, listed.Select(c => c.GetProperty("clientId").GetGuid()));
        Assert.Contains(listed, c => c.GetProperty("email").GetString() == $"jan@{domain}");

        using var attached = await agent.PostAsJsonAsync($"/api/v1/organizations/{organization}/members", new { clientIds = offered.ToArray() });

        Assert.Equal(HttpStatusCode.NoContent, attached.StatusCode);
        using var none = await agent.GetAsync($"/api/v1/organizations/{organization}/domain-candidates");
        Assert.Empty((await none.JsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equivalent(new[] { jan, anna }, await MembersAsync(agent, organization));
    }

    [Fact]
    public async Task Deleting_an_organization_leaves_its_people_without_one()
    {
        using var agent = await host.CreateAgentClientAsync();
        var organization = await NewOrganizationAsync(agent, Desk.NewDomain());
        var jan = await NewClientAsync(agent, "Jan");
        using (var moved = await agent.PostAsJsonAsync($"/api/v1/organizations/{organization}/members", new { clientIds = new[] { jan } }))
        {
            Assert.Equal(HttpStatusCode.NoContent, moved.StatusCode);
        }

        using var deleted = await agent.DeleteAsync($"/api/v1/organizations/{organization}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Null(await Desk.OrganizationOfClientAsync(agent, jan));
        using var gone = await agent.GetAsync($"/api/v1/organizations/{organization}");
        await gone.AssertProblemAsync(404, "not-found");
        using var client = await agent.GetAsync($"/api/v1/clients/{jan}");
        Assert.Equal(HttpStatusCode.OK, client.StatusCode);
    }

    [Fact]
    public async Task The_people_of_a_deleted_organization_leave_it_once_when_the_endpoint_and_the_event_handler_detach_them_at_once()
    {
        using var agent = await host.CreateAgentClientAsync();
        var organization = await NewOrganizationAsync(agent);
        var people = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            people.Add(await NewClientAsync(agent, $"Member {i}"));
        }

        using (var moved = await agent.PostAsJsonAsync($"/api/v1/organizations/{organization}/members", new { clientIds = people }))
        {
            Assert.Equal(HttpStatusCode.NoContent, moved.StatusCode);
        }

        // What the delete endpoint and OrganizationDeleted's handler both do, several times at once (each its own scope).
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var scope = host.Factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IClientOrganizationMembership>().RemoveOrganizationAsync(organization, "test");
        }));

        Assert.Empty(await MembersAsync(agent, organization));
        foreach (var person in people.Take(3))
        {
            Assert.Null(await Desk.OrganizationOfClientAsync(agent, person));
        }
    }

    private static async Task<Guid> NewOrganizationAsync(HttpClient agent, string? domain = null) =>
        (await Desk.CreateOrganizationAsync(agent, domain is null ? (object)new { name = $"Org {Guid.NewGuid():N}" } : new { name = $"Org {Guid.NewGuid():N}", domains = new[] { domain } }))
        .GetProperty("id").GetGuid();

    private static async Task<Guid> NewClientAsync(HttpClient agent, string name) =>
        (await Desk.CreateClientAsync(agent, name, $"{Guid.NewGuid():N}@gmail.com")).GetProperty("id").GetGuid();

    private static async Task<List<Guid>> MembersAsync(HttpClient agent, Guid organization)
    {
        using var response = await agent.GetAsync($"/api/v1/organizations/{organization}/members?limit=200");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).ToList();
    }
}
