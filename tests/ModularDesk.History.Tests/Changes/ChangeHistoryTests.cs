using System.Net;
using System.Text.Json;
using ModularDesk.Agents.Contracts;
using ModularDesk.Clients.Contracts.Events;
using ModularDesk.History.Tests.Support;
using ModularDesk.Organizations.Contracts.Events;
using ModularDesk.Testing;

namespace ModularDesk.History.Tests.Changes;

/// <summary>H3: the change history of client and organization cards, and the drill-in with exact before/after.</summary>
public sealed class ChangeHistoryTests(HostFixture host) : IClassFixture<HostFixture>
{
    private readonly Desk desk = new(host);

    [Fact]
    public async Task Card_changes_list_newest_first_and_open_to_the_exact_before_and_after()
    {
        using var agent = await host.CreateAgentClientAsync();
        var jan = await desk.ClientAsync("Jan Kowalski");
        var anna = await desk.AgentAsync("Anna Silva");
        var actor = new BuildingBlocks.Contracts.ChangeActor("agent", anna, "Anna Silva");
        const string before = """{"phone":"+48 600 100 200","position":null,"custom":{"b":2,"a":1}}""";
        const string after = """{"phone":"+48 600 100 300","position":"CTO","custom":{"b":2,"a":1.50}}""";
        var created = new ClientCardChanged(jan, "created", actor, "Card created", null, """{"name":"Jan Kowalski"}""");
        var changed = new ClientCardChanged(jan, "fieldChanged", actor, "Phone and position changed", before, after)
        {
            OccurredAt = created.OccurredAt.AddSeconds(5),
        };
        var fileAdded = new ClientCardChanged(jan, "fileAdded", Desk.System, "File contract.pdf added", null, """{"file":"contract.pdf"}""")
        {
            OccurredAt = created.OccurredAt.AddSeconds(10),
        };
        await host.EventsAsync(created, changed, fileAdded, changed);
        await host.EventAsync(new AgentUpdated(anna, "Anna Silva-Maj", "a@example.test", "agent", true));

        var (items, next) = await agent.PageAsync($"/api/v1/clients/{jan}/changes");
        Assert.Null(next);
        Assert.Equal(["fileAdded", "fieldChanged", "created"], items.Select(i => i.Str("kind")));
        Assert.Equal([fileAdded.EventId, changed.EventId, created.EventId], items.Select(i => i.Id()));
        Assert.Equal("Phone and position changed", items[1].Str("summary"));
        Assert.Equal("Anna Silva-Maj", items[1].GetProperty("actor").Str("name"));
        Assert.Equal("agent", items[1].GetProperty("actor").Str("kind"));
        Assert.Equal("system", items[0].GetProperty("actor").Str("kind"));
        Assert.False(items[1].TryGetProperty("before", out _));

        using var detail = await agent.GetAsync($"/api/v1/clients/{jan}/changes/{changed.EventId}");
        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        var body = await detail.JsonAsync();
        Assert.Equal(before, body.GetProperty("before").GetRawText());
        Assert.Equal(after, body.GetProperty("after").GetRawText());
        using var createdDetail = await agent.GetAsync($"/api/v1/clients/{jan}/changes/{created.EventId}");
        Assert.Equal(JsonValueKind.Null, (await createdDetail.JsonAsync()).GetProperty("before").ValueKind);

        using var otherClients = await agent.GetAsync($"/api/v1/clients/{Guid.NewGuid()}/changes/{changed.EventId}");
        await otherClients.AssertProblemAsync(404, "not-found");
        using var asOrganization = await agent.GetAsync($"/api/v1/organizations/{jan}/changes/{changed.EventId}");
        await asOrganization.AssertProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task Change_history_pages_without_repeats()
    {
        using var agent = await host.CreateAgentClientAsync();
        var jan = await desk.ClientAsync("Jan Many Changes");
        var at = DateTimeOffset.UtcNow;
        var ids = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            var change = new ClientCardChanged(jan, "fieldChanged", Desk.System, $"change {i}", "{}", "{}") { OccurredAt = at.AddSeconds(i / 3) };
            await host.EventAsync(change);
            ids.Add(change.EventId);
        }

        var all = await HistoryApi.AllPagesAsync(agent, $"/api/v1/clients/{jan}/changes?limit=4");
        Assert.Equal(30, all.Count);
        Assert.Equal(ids.Order(), all.Select(c => c.Id()).Order());
    }

    [Fact]
    public async Task Organization_cards_have_their_own_change_history()
    {
        using var agent = await host.CreateAgentClientAsync();
        var acme = Guid.NewGuid();
        await host.EventAsync(new OrganizationCreated(acme, "Acme", ["acme.pl"], false, Desk.System));
        var domain = new OrganizationCardChanged(acme, "domainAdded", Desk.System, "Domain acme.com added", """{"domains":["acme.pl"]}""",
            """{"domains":["acme.pl","acme.com"]}""");
        await host.EventAsync(domain);

        var (items, _) = await agent.PageAsync($"/api/v1/organizations/{acme}/changes");
        Assert.Equal([domain.EventId], items.Select(i => i.Id()));
        using var detail = await agent.GetAsync($"/api/v1/organizations/{acme}/changes/{domain.EventId}");
        Assert.Equal("""{"domains":["acme.pl","acme.com"]}""", (await detail.JsonAsync()).GetProperty("after").GetRawText());
    }
}
