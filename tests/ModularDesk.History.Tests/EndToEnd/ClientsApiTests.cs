using System.Net;
using System.Net.Http.Json;
using ModularDesk.History.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.History.Tests.EndToEnd;

/// <summary>
/// Cards created, edited, merged, unmerged and deleted through the Clients API; History sees only the Clients module's
/// events through its outbox. (Messages come from ticket events delivered directly where Tickets is not on main yet.)
/// </summary>
public sealed class ClientsApiTests(HostFixture host) : IClassFixture<HostFixture>
{
    private readonly Desk desk = new(host);

    [Fact]
    public async Task Edits_through_the_clients_api_are_in_the_change_history_with_exact_before_and_after()
    {
        using var agent = await host.CreateAgentClientAsync();
        using var created = await agent.PostAsJsonAsync("/api/v1/clients", new
        {
            name = "Jan Kowalski",
            emails = new[] { new { address = $"jan-{Guid.NewGuid():N}@example.test", label = "business" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var clientId = (await created.JsonAsync()).Id();

        using (var edited = await agent.PatchJsonAsync($"/api/v1/clients/{clientId}", new { name = "Jan Nowak", position = "CTO" }))
        {
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        }

        var changes = await Eventually.ReturnsAsync(
            () => HistoryApi.AllPagesAsync(agent, $"/api/v1/clients/{clientId}/changes?limit=50"),
            c => c.Any(i => i.Str("kind") == "created") && c.Any(i => i.Str("kind") == "fieldChanged"),
            TimeSpan.FromSeconds(30), "the creation and the edits in the change history");
        Assert.Equal("created", changes[^1].Str("kind"));
        var times = changes.Select(c => c.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.All(changes, c => Assert.Equal("agent", c.GetProperty("actor").Str("kind")));
        Assert.All(changes, c => Assert.Equal("Test agent", c.GetProperty("actor").Str("name")));

        // One PATCH is one change: exactly the fields it changed, before and after.
        var change = changes.Single(c => c.Str("kind") == "fieldChanged");
        using (var detail = await agent.GetAsync($"/api/v1/clients/{clientId}/changes/{change.Id()}"))
        {
            Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
            var body = await detail.JsonAsync();
            Assert.Equal(change.Str("summary"), body.Str("summary"));
            Assert.Equal("Jan Kowalski", body.GetProperty("before").GetProperty("name").GetString());
            Assert.Equal("Jan Nowak", body.GetProperty("after").GetProperty("name").GetString());
            Assert.Equal("CTO", body.GetProperty("after").GetProperty("position").GetString());
        }

        var creation = changes.Single(c => c.Str("kind") == "created");
        using (var detail = await agent.GetAsync($"/api/v1/clients/{clientId}/changes/{creation.Id()}"))
        {
            var body = await detail.JsonAsync();
            Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("before").ValueKind);
            Assert.Equal("Jan Kowalski", body.GetProperty("after").GetProperty("name").GetString());
        }

        using (var deleted = await agent.DeleteAsync($"/api/v1/clients/{clientId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await Eventually.TrueAsync(
            async () => (await agent.GetAsync($"/api/v1/clients/{clientId}/changes")).StatusCode == HttpStatusCode.NotFound,
            what: "the change history gone with the card");
        Assert.Equal(0, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM history.card_changes WHERE subject_id = @id", ("id", clientId)));
    }

    [Fact]
    public async Task Merging_and_undoing_through_the_clients_api_moves_the_timeline_and_back()
    {
        using var agent = await host.CreateAgentClientAsync();
        var survivor = await CreateClientAsync(agent, "Jan Kowalski");
        var other = await CreateClientAsync(agent, "J. Kowalski");
        var survivorMessage = await desk.MessageAsync(await desk.TicketAsync(survivor, "At work"), "in", "from work", author: "Jan Kowalski");
        var otherMessage = await desk.MessageAsync(await desk.TicketAsync(other, "At home"), "in", "from home", author: "J. Kowalski");

        using var merged = await agent.PostAsJsonAsync($"/api/v1/clients/{survivor}/merge", new { otherClientId = other });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var mergeId = (await merged.JsonAsync()).GetProperty("mergeId").GetGuid();

        var afterMerge = await agent.TimelineWhenAsync(
            survivor, t => t.Any(e => e.Id() == otherMessage.MessageId) && t.Any(e => e.Str("kind") == "merge"), "the merge on the survivor");
        Assert.Equal("Jan Kowalski", afterMerge.Single(e => e.Id() == otherMessage.MessageId).Str("author"));
        Assert.Equal(other.ToString(), afterMerge.Single(e => e.Id() == otherMessage.MessageId).Str("originalClientId"));
        Assert.Contains("J. Kowalski", afterMerge.First(e => e.Str("kind") == "merge").Str("excerpt"), StringComparison.Ordinal);
        Assert.Empty(await agent.TimelineAsync(other));

        using var undone = await agent.PostAsync($"/api/v1/merges/{mergeId}/undo", null);
        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);

        var restored = await agent.TimelineWhenAsync(
            other, t => t.Any(e => e.Id() == otherMessage.MessageId) && t.Any(e => e.Str("kind") == "unmerge"), "the entries back");
        Assert.Equal("J. Kowalski", restored.Single(e => e.Id() == otherMessage.MessageId).Str("author"));
        var survivorAfter = await agent.TimelineAsync(survivor);
        Assert.DoesNotContain(survivorAfter, e => e.Id() == otherMessage.MessageId);
        Assert.Contains(survivorAfter, e => e.Id() == survivorMessage.MessageId);
    }

    private static async Task<Guid> CreateClientAsync(HttpClient agent, string name)
    {
        using var created = await agent.PostAsJsonAsync("/api/v1/clients", new
        {
            name,
            emails = new[] { new { address = $"c-{Guid.NewGuid():N}@example.test", label = "business" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync()).Id();
    }
}
