using ModularDesk.Clients.Contracts.Events;
using ModularDesk.History.Tests.Support;
using ModularDesk.Organizations.Contracts.Events;
using ModularDesk.Testing;

namespace ModularDesk.History.Tests.Timeline;

/// <summary>H2: an organization's timeline holds what was filed under it and everything of its current people.</summary>
public sealed class OrganizationTimelineTests(HostFixture host) : IClassFixture<HostFixture>
{
    private readonly Desk desk = new(host);

    [Fact]
    public async Task People_who_move_keep_old_entries_under_the_old_organization_and_bring_all_of_them_to_the_new_one()
    {
        using var agent = await host.CreateAgentClientAsync();
        var acme = Guid.NewGuid();
        var globex = Guid.NewGuid();
        await host.EventsAsync(
            new OrganizationCreated(acme, "Acme", ["acme.pl"], true, Desk.System),
            new OrganizationCreated(globex, "Globex", ["globex.com"], false, Desk.System));
        var jan = await desk.ClientAsync("Jan Acme", acme);
        var eva = await desk.ClientAsync("Eva Acme", acme);
        var janAtAcme = await desk.MessageAsync(await desk.TicketAsync(jan, "At Acme", acme), "in", "hello from Acme", author: "Jan Acme");
        var evaAtAcme = await desk.MessageAsync(await desk.TicketAsync(eva, "Eva", acme), "in", "hello from Eva", author: "Eva Acme");

        await host.EventAsync(new ClientOrganizationChanged(jan, acme, globex, Desk.System));
        var janAtGlobex = await desk.MessageAsync(await desk.TicketAsync(jan, "At Globex", globex), "in", "hello from Globex", author: "Jan Acme");

        var acmeTimeline = await agent.OrganizationTimelineAsync(acme);
        Assert.Equal([evaAtAcme.MessageId, janAtAcme.MessageId], acmeTimeline.Where(e => e.Str("kind") == "message").Select(e => e.Id()));
        Assert.Equal(["Eva Acme", "Jan Acme"], acmeTimeline.Where(e => e.Str("kind") == "message").Select(e => e.Str("author")));

        // The organization he is in now shows everything of its people, like its ticket list (Thulium's company view).
        var globexTimeline = await agent.OrganizationTimelineAsync(globex);
        Assert.Equal([janAtGlobex.MessageId, janAtAcme.MessageId], globexTimeline.Where(e => e.Str("kind") == "message").Select(e => e.Id()));
        Assert.Equal(globex.ToString(), globexTimeline.First(e => e.Str("kind") == "message").Str("organizationId"));
        Assert.Equal(acme.ToString(), globexTimeline.Last(e => e.Str("kind") == "message").Str("organizationId"));

        // A late, older organization change cannot take his entries back.
        await host.EventAsync(new ClientOrganizationChanged(jan, null, acme, Desk.System) { OccurredAt = desk.Clock.AddDays(-30) });
        Assert.Equal(2, (await agent.OrganizationTimelineAsync(globex)).Count(e => e.Str("kind") == "message"));
        Assert.Equal(3, (await agent.TimelineAsync(jan, "&kind=message,ticketCreated")).Count(e => e.Str("kind") == "message") + 1);
    }

    [Fact]
    public async Task Entries_from_before_a_client_had_an_organization_join_the_first_one_it_joins()
    {
        using var agent = await host.CreateAgentClientAsync();
        var initech = Guid.NewGuid();
        await host.EventAsync(new OrganizationCreated(initech, "Initech", [], false, Desk.System));
        var peter = await desk.ClientAsync("Peter Gibbons");
        var before = await desk.MessageAsync(await desk.TicketAsync(peter, "TPS reports"), "in", "about the reports", author: "Peter Gibbons");

        await host.EventAsync(new ClientOrganizationChanged(peter, null, initech, Desk.System));

        Assert.Equal([before.MessageId], (await agent.OrganizationTimelineAsync(initech)).Where(e => e.Str("kind") == "message").Select(e => e.Id()));
    }
}
