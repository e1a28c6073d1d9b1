using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Clients.Contracts.Directory;
using ModularDesk.Clients.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Clients.Tests.Directory;

/// <summary>What other modules read and change through Clients.Contracts (O3, O4, O5).</summary>
public sealed class MembershipTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Moving_cards_into_an_organization_shows_on_the_cards_and_in_the_directory()
    {
        using var agent = await host.CreateAgentClientAsync();
        var domain = $"acme-{Guid.NewGuid():N}.test";
        var a = await Support.Clients.CreateIdAsync(agent, new { name = "A", emails = new[] { new { address = $"a@{domain}" } } });
        var b = await Support.Clients.CreateIdAsync(agent, new { name = "B", emails = new[] { new { address = $"B@{domain.ToUpperInvariant()}" } } });
        var organizationId = Guid.NewGuid();
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var membership = scope.ServiceProvider.GetRequiredService<IClientOrganizationMembership>();
        var directory = scope.ServiceProvider.GetRequiredService<IClientDirectory>();

        var byDomain = await directory.ListWithEmailDomainAsync(domain, 10);
        await membership.MoveAsync(byDomain.Select(c => c.Id).ToList(), organizationId, "test");

        Assert.Equivalent(new[] { a, b }, byDomain.Select(c => c.Id));
        Assert.Equal(organizationId, (await Support.Clients.GetAsync(agent, a)).GetProperty("organizationId").GetGuid());
        Assert.Equivalent(new[] { a, b }, await directory.ListIdsInOrganizationAsync(organizationId));
        var page = await directory.ListInOrganizationAsync(organizationId, null, 1);
        Assert.Single(page);
        Assert.Single(await directory.ListInOrganizationAsync(organizationId, page[0].Id, 10));

        await membership.RemoveOrganizationAsync(organizationId, "test");

        Assert.Empty(await directory.ListIdsInOrganizationAsync(organizationId));
        using var listed = await agent.GetAsync($"/api/v1/clients?organizationId={organizationId}");
        Assert.Equal(0, (await listed.JsonAsync()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_directory_returns_a_card_with_its_contacts_and_nothing_for_a_deleted_one()
    {
        using var agent = await host.CreateAgentClientAsync();
        var id = await Support.Clients.CreateIdAsync(agent, new { name = "Dir", note = "hint", phones = new[] { new { number = "+48 601 555 444" } } });
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<IClientDirectory>();

        var card = await directory.FindAsync(id);

        Assert.NotNull(card);
        Assert.Equal("hint", card.Note);
        var phone = Assert.Single(card.Contacts);
        Assert.Equal("+48601555444", phone.Value);
        Assert.Equal("+48 601 555 444", phone.Display);

        using (await agent.DeleteAsync($"/api/v1/clients/{id}"))
        {
        }

        Assert.Null(await directory.FindAsync(id));
    }
}
