using System.Net;
using System.Net.Http.Json;
using ModularDesk.History.Tests.Support;
using ModularDesk.Testing;
using static ModularDesk.History.Tests.Support.DeskApi;

namespace ModularDesk.History.Tests.EndToEnd;

/// <summary>
/// Merge/undo (C13/C14) and organization membership (O3) through the Clients and Organizations APIs, with messages
/// filed from <c>POST /api/v1/inbound</c>: where History shows the entries afterwards.
/// </summary>
public sealed class MergeAndOrganizationApiTests(DeskHostFixture host) : IClassFixture<DeskHostFixture>
{
    [Fact]
    public async Task Merge_moves_entries_to_the_survivor_and_undo_moves_them_back_with_tickets_that_arrived_since()
    {
        using var admin = await host.CreateAdminClientAsync();
        using var agent = await host.CreateAgentClientAsync();
        var homeEmail = $"{Unique("anna")}@example.org";
        var (homeTicket, home) = await EmailAsync(admin, homeEmail, "Anna at home", "From home", "Written at home.");
        var (workTicket, work) = await EmailAsync(admin, $"{Unique("anna")}@example.org", "Anna Silva", "From work", "Written at work.");
        Assert.NotEqual(home, work);
        var homeMessage = await FirstMessageAsync(admin, homeTicket);
        var workMessage = await FirstMessageAsync(admin, workTicket);
        await agent.TimelineWhenAsync(home, t => t.Any(e => e.Id() == homeMessage), "the home message");
        await agent.TimelineWhenAsync(work, t => t.Any(e => e.Id() == workMessage), "the work message");

        using var merged = await agent.PostAsJsonAsync($"/api/v1/clients/{work}/merge", new { otherClientId = home });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var mergeId = (await merged.JsonAsync()).GetProperty("mergeId").GetGuid();

        var onSurvivor = await agent.TimelineWhenAsync(
            work, t => t.Any(e => e.Id() == homeMessage) && t.Any(e => e.Str("kind") == "merge"), "the home message on the survivor");
        Assert.Equal("Anna Silva", onSurvivor.Single(e => e.Id() == homeMessage).Str("author"));
        Assert.Equal(home.ToString(), onSurvivor.Single(e => e.Id() == homeMessage).Str("originalClientId"));
        Assert.Contains("Anna at home", onSurvivor.Single(e => e.Str("kind") == "merge").Str("excerpt"), StringComparison.Ordinal);
        Assert.Empty(await agent.TimelineAsync(home));

        // Written from the merged card's address after the merge: filed on the survivor.
        var (lateTicket, lateClient) = await EmailAsync(admin, homeEmail, "Anna at home", "Still at home", "Written after the merge.");
        Assert.Equal(work, lateClient);
        var lateMessage = await FirstMessageAsync(admin, lateTicket);
        await agent.TimelineWhenAsync(work, t => t.Any(e => e.Id() == lateMessage), "the late message on the survivor");

        using (var undone = await agent.PostAsync($"/api/v1/merges/{mergeId}/undo", null))
        {
            Assert.Equal(HttpStatusCode.OK, undone.StatusCode);
        }

        // Tickets moves the late ticket back (its first message came from a restored identity) and says so.
        var restored = await agent.TimelineWhenAsync(
            home,
            t => t.Any(e => e.Id() == homeMessage) && t.Any(e => e.Id() == lateMessage) && t.Any(e => e.Str("kind") == "unmerge"),
            "the home and the late messages back on the restored card");
        Assert.All(restored.Where(e => e.Str("ticketId") is not null), e => Assert.Equal(home.ToString(), e.Str("clientId")));
        Assert.Equal("Anna at home", restored.Single(e => e.Id() == lateMessage).Str("author"));
        Assert.Equal(
            new[] { homeTicket, lateTicket }.Order(),
            restored.Where(e => e.Str("kind") == "ticketCreated").Select(e => e.GetProperty("ticketId").GetGuid()).Order());
        var clientTickets = (await admin.GetJsonAsync($"/api/v1/clients/{home}/tickets")).GetProperty("items").EnumerateArray()
            .Select(t => t.Id()).Order();
        Assert.Equal(new[] { homeTicket, lateTicket }.Order(), clientTickets);

        var survivor = await agent.TimelineAsync(work);
        Assert.DoesNotContain(survivor, e => e.Id() == homeMessage || e.Id() == lateMessage);
        Assert.Contains(survivor, e => e.Id() == workMessage);
        Assert.Contains(survivor, e => e.Str("kind") == "merge");
        Assert.Contains(survivor, e => e.Str("kind") == "unmerge");
        Assert.Equal(0, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM history.outbound_messages WHERE ticket_id = ANY(@t) AND client_id <> @home",
            ("t", new[] { homeTicket, lateTicket }), ("home", home)));
    }

    [Fact]
    public async Task A_member_added_through_the_api_brings_all_their_entries_like_the_organization_ticket_list()
    {
        using var admin = await host.CreateAdminClientAsync();
        using var agent = await host.CreateAgentClientAsync();

        // Anna writes from her company's domain: the desk auto-creates an organization for it and files her there (O2).
        var domain = $"{Unique("silva")}.test";
        var (first, anna) = await EmailAsync(admin, $"anna@{domain}", "Anna Silva", "Order 1", "First order.");
        var (second, _) = await EmailAsync(admin, $"anna@{domain}", "Anna Silva", "Order 2", "Second order.");
        var auto = (await admin.GetJsonAsync($"/api/v1/clients/{anna}")).GetProperty("organizationId").GetGuid();
        var earlier = await agent.TimelineWhenAsync(anna, t => t.Count(e => e.Str("kind") == "message") == 2, "Anna's messages");

        // An agent files her under the group's main organization afterwards.
        var group = await CreateOrganizationAsync(admin, "Silva Group");
        await AddMembersAsync(agent, group, anna);
        var (third, _) = await EmailAsync(admin, $"anna@{domain}", "Anna Silva", "Order 3", "Third order.");
        var thirdMessage = await FirstMessageAsync(admin, third);

        var groupTimeline = await Eventually.ReturnsAsync(
            () => agent.OrganizationTimelineAsync(group),
            t => t.Any(e => e.Id() == thirdMessage) && earlier.All(x => t.Any(e => e.Id() == x.Id())),
            TimeSpan.FromSeconds(30), "all of Anna's entries in the group's timeline");
        Assert.Equal(
            (await agent.TimelineAsync(anna)).Select(e => e.Id()),
            groupTimeline.Where(e => e.Str("clientId") == anna.ToString()).Select(e => e.Id()));
        Assert.Equal("Anna Silva", groupTimeline.First(e => e.Str("kind") == "message").Str("author"));
        var times = groupTimeline.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);

        // The same tickets as the organization's ticket list, which shows every ticket of its people.
        var groupTickets = (await admin.GetJsonAsync($"/api/v1/organizations/{group}/tickets")).GetProperty("items")
            .EnumerateArray().Select(t => t.Id()).Order().ToList();
        Assert.Equal(new[] { first, second, third }.Order(), groupTickets);
        Assert.Equal(
            groupTickets,
            groupTimeline.Where(e => e.Str("kind") == "ticketCreated").Select(e => e.GetProperty("ticketId").GetGuid()).Order());

        // The organization she was in keeps what was filed under it while she was there, nothing later.
        var autoTimeline = await agent.OrganizationTimelineAsync(auto);
        Assert.Equal(earlier.Where(e => e.Str("kind") == "message").Select(e => e.Id()),
            autoTimeline.Where(e => e.Str("kind") == "message").Select(e => e.Id()));
        Assert.DoesNotContain(autoTimeline, e => e.Id() == thirdMessage);

        // Paging the merged view: no gaps, no repeats.
        var paged = new List<Guid>();
        string? cursor = null;
        do
        {
            var (items, next) = await agent.PageAsync(
                $"/api/v1/organizations/{group}/timeline?limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            paged.AddRange(items.Select(e => e.Id()));
            cursor = next;
        }
        while (cursor is not null);

        Assert.Equal(groupTimeline.Select(e => e.Id()), paged);
        Assert.Equal(["message"], (await agent.PageAsync($"/api/v1/organizations/{group}/timeline?kind=message&limit=1")).Items
            .Select(e => e.Str("kind")));

        // Leaving takes her entries out of the group's timeline again.
        using (var removed = await agent.DeleteAsync($"/api/v1/organizations/{group}/members/{anna}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        await Eventually.TrueAsync(
            async () => !(await agent.OrganizationTimelineAsync(group)).Any(e => e.Id() == earlier[0].Id()),
            TimeSpan.FromSeconds(30), "her earlier entries gone from the group");
    }

    [Fact]
    public async Task Change_history_shows_exactly_what_an_edit_changed_for_clients_and_organizations()
    {
        using var admin = await host.CreateAdminClientAsync();
        using var agent = await host.CreateAgentClientAsync();
        var (_, client) = await EmailAsync(admin, $"{Unique("olga")}@example.org", "Olga Nowak", "Hello", "Hi.");
        using (var edited = await agent.PatchJsonAsync($"/api/v1/clients/{client}", new { name = "Olga Kowalska", position = "CFO" }))
        {
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        }

        var changes = await Eventually.ReturnsAsync(
            () => HistoryApi.AllPagesAsync(agent, $"/api/v1/clients/{client}/changes?limit=50"),
            c => c.Any(i => i.Str("kind") == "fieldChanged"), TimeSpan.FromSeconds(30), "the edit");
        var edit = changes.First(c => c.Str("kind") == "fieldChanged");
        Assert.Equal(("agent", "Test agent"), (edit.GetProperty("actor").Str("kind"), edit.GetProperty("actor").Str("name")));
        var detail = await agent.GetJsonAsync($"/api/v1/clients/{client}/changes/{edit.Id()}");
        Assert.Equal("""{"name":"Olga Nowak","position":null}""", Canonical(detail.GetProperty("before")));
        Assert.Equal("""{"name":"Olga Kowalska","position":"CFO"}""", Canonical(detail.GetProperty("after")));

        var organization = await CreateOrganizationAsync(admin, "Nowak Ltd");
        using (var edited = await admin.PatchJsonAsync($"/api/v1/organizations/{organization}", new { name = "Nowak & Sons" }))
        {
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        }

        var organizationChanges = await Eventually.ReturnsAsync(
            () => HistoryApi.AllPagesAsync(agent, $"/api/v1/organizations/{organization}/changes?limit=50"),
            c => c.Any(i => i.Str("kind") == "fieldChanged"), TimeSpan.FromSeconds(30), "the organization edit");
        var rename = organizationChanges.First(c => c.Str("kind") == "fieldChanged");
        var renameDetail = await agent.GetJsonAsync($"/api/v1/organizations/{organization}/changes/{rename.Id()}");
        Assert.Equal("""{"name":"Nowak Ltd"}""", Canonical(renameDetail.GetProperty("before")));
        Assert.Equal("""{"name":"Nowak & Sons"}""", Canonical(renameDetail.GetProperty("after")));
        using var missing = await agent.GetAsync($"/api/v1/organizations/{organization}/changes/{edit.Id()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static async Task<Guid> FirstMessageAsync(HttpClient client, Guid ticketId) =>
        (await client.GetJsonAsync($"/api/v1/tickets/{ticketId}/messages")).GetProperty("items")[0].Id();

    /// <summary>The JSON with its properties in order and no white space, to compare with what a change must show.</summary>
    private static string Canonical(System.Text.Json.JsonElement element) =>
        System.Text.Json.JsonSerializer.Serialize(System.Text.Json.Nodes.JsonNode.Parse(element.GetRawText()), new System.Text.Json.JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
}
