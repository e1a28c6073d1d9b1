using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Clients.Contracts.Ports;
using ModularDesk.Organizations.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Organizations.Tests.Domains;

/// <summary>
/// O2 through the port the Clients module calls while it creates a card (<see cref="IOrganizationLookup"/>), and
/// the admin settings that steer it. The settings are changed by tests, so this class has its own host.
/// </summary>
public sealed class AutoCreateTests(HostFixture host) : IClassFixture<HostFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        using var admin = await host.CreateAdminClientAsync();
        using var reset = await admin.PutAsJsonAsync(
            "/api/v1/settings/organizations", new { autoCreateFromEmailDomain = true, freeMailDomains = new[] { "gmail.com", "wp.pl", "yandex.ru" } });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_unknown_company_domain_creates_an_organization_named_after_it_and_the_next_address_joins_it()
    {
        var domain = Desk.NewDomain("abc");

        var created = await ResolveAsync($"someone@{domain.ToUpperInvariant()}");
        var joined = await ResolveAsync($"Other.Person@{domain}");

        Assert.NotNull(created);
        Assert.Equal(created, joined);
        using var agent = await host.CreateAgentClientAsync();
        using var card = await agent.GetAsync($"/api/v1/organizations/{created}");
        var body = await card.JsonAsync();
        Assert.Equal(domain, body.GetProperty("name").GetString());
        Assert.Equal([domain], body.GetProperty("domains").Strings());
        Assert.True(body.GetProperty("automatic").GetBoolean());
    }

    [Fact]
    public async Task A_known_domain_joins_the_organization_an_agent_gave_it()
    {
        using var agent = await host.CreateAgentClientAsync();
        var domain = Desk.NewDomain();
        var extra = Desk.NewDomain("extra");
        var id = (await Desk.CreateOrganizationAsync(agent, new { name = "Acme", domains = new[] { domain, extra } })).GetProperty("id").GetGuid();

        Assert.Equal(id, await ResolveAsync($"jan@{domain}"));
        Assert.Equal(id, await ResolveAsync($"anna@{extra}"));
    }

    [Fact]
    public async Task Free_mail_addresses_never_create_or_join_an_organization()
    {
        using var admin = await host.CreateAdminClientAsync();
        var custom = Desk.NewDomain("freemail");
        using var settings = await admin.PutAsJsonAsync("/api/v1/settings/organizations", new { freeMailDomains = new[] { "gmail.com", custom } });
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);

        Assert.Null(await ResolveAsync("jan.kowalski@gmail.com"));
        Assert.Null(await ResolveAsync($"someone@{custom}"));
        using var list = await admin.GetAsync("/api/v1/organizations?q=gmail.com");
        Assert.Empty((await list.JsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task With_auto_creation_off_an_unknown_domain_stays_without_organization_but_known_ones_still_join()
    {
        using var agent = await host.CreateAgentClientAsync();
        var known = Desk.NewDomain("known");
        var id = (await Desk.CreateOrganizationAsync(agent, new { name = "Known", domains = new[] { known } })).GetProperty("id").GetGuid();
        using var admin = await host.CreateAdminClientAsync();
        using var off = await admin.PutAsJsonAsync("/api/v1/settings/organizations", new { autoCreateFromEmailDomain = false });
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.False((await off.JsonAsync()).GetProperty("autoCreateFromEmailDomain").GetBoolean());

        Assert.Null(await ResolveAsync($"new@{Desk.NewDomain("unknown")}"));
        Assert.Equal(id, await ResolveAsync($"old@{known}"));
    }

    [Fact]
    public async Task Twenty_clients_of_a_new_domain_at_once_create_one_organization()
    {
        var domain = Desk.NewDomain("race");

        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => ResolveAsync($"person{i}@{domain}"))));

        Assert.All(ids, id => Assert.NotNull(id));
        Assert.Single(ids.Distinct());
        Assert.Equal(1L, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM organizations.organizations WHERE name = @name", ("name", domain)));
        Assert.Equal(1L, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM organizations.outbox_messages WHERE event_type LIKE '%OrganizationCreated%' AND payload->>'name' = @name", ("name", domain)));
    }

    [Fact]
    public async Task A_client_card_created_with_a_company_email_joins_the_organization_of_its_domain()
    {
        using var agent = await host.CreateAgentClientAsync();
        var domain = Desk.NewDomain("card");

        var jan = await Desk.CreateClientAsync(agent, "Jan", $"jan@{domain}");
        var anna = await Desk.CreateClientAsync(agent, "Anna", $"anna@{domain}");
        var private1 = await Desk.CreateClientAsync(agent, "Private", $"{Guid.NewGuid():N}@gmail.com");

        var organization = jan.GetProperty("organizationId").GetGuid();
        Assert.Equal(organization, anna.GetProperty("organizationId").GetGuid());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, private1.GetProperty("organizationId").ValueKind);
        using var card = await agent.GetAsync($"/api/v1/organizations/{organization}");
        Assert.Equal(domain, (await card.JsonAsync()).GetProperty("name").GetString());
        using var members = await agent.GetAsync($"/api/v1/organizations/{organization}/members");
        Assert.Equivalent(
            new[] { jan.GetProperty("id").GetGuid(), anna.GetProperty("id").GetGuid() },
            (await members.JsonAsync()).GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Addresses_without_a_usable_domain_have_no_organization()
    {
        Assert.Null(await ResolveAsync("no-at-sign"));
        Assert.Null(await ResolveAsync("trailing@"));
        Assert.Null(await ResolveAsync("user@localhost"));
    }

    [Fact]
    public async Task Only_admins_see_and_change_the_settings_and_bad_domains_are_named()
    {
        using var admin = await host.CreateAdminClientAsync();
        using var agent = await host.CreateAgentClientAsync();

        using var forbidden = await agent.GetAsync("/api/v1/settings/organizations");
        await forbidden.AssertProblemAsync(403);
        using var forbiddenPut = await agent.PutAsJsonAsync("/api/v1/settings/organizations", new { autoCreateFromEmailDomain = false });
        await forbiddenPut.AssertProblemAsync(403);
        using var bad = await admin.PutAsJsonAsync("/api/v1/settings/organizations", new { freeMailDomains = new[] { "gmail.com", "not a domain" } });
        await bad.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["freeMailDomains[1]"], await bad.ValidationFieldsAsync());
        using var read = await admin.GetAsync("/api/v1/settings/organizations");
        Assert.Equal(["gmail.com", "wp.pl", "yandex.ru"], (await read.JsonAsync()).GetProperty("freeMailDomains").Strings());
    }

    private async Task<Guid?> ResolveAsync(string email)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOrganizationLookup>().ResolveForEmailAsync(email);
    }
}
