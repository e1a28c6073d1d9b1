using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Channels.Contracts.Outbound;
using ModularDesk.Clients.Contracts.Events;
using ModularDesk.History.Contracts.Redaction;
using ModularDesk.History.Tests.Support;
using ModularDesk.Testing;
using ModularDesk.Tickets.Contracts.Events;

namespace ModularDesk.History.Tests.Rebuild;

/// <summary>The read models can be rebuilt from History's event log, and Compliance's redaction survives a rebuild.</summary>
public sealed class RebuildAndRedactionTests(HostFixture host) : IClassFixture<HostFixture>
{
    private readonly Desk desk = new(host);

    [Fact]
    public async Task A_rebuild_after_losing_the_read_models_gives_the_same_timelines_changes_and_outbound()
    {
        using var admin = await host.CreateAdminClientAsync();
        var jan = await desk.ClientAsync("Jan Rebuilt");
        var merged = await desk.ClientAsync("Jan Duplicate");
        var ticket = await desk.TicketAsync(jan, "Before the loss");
        await desk.MessageAsync(ticket, "in", "first");
        await desk.MessageAsync(await desk.TicketAsync(merged, "Duplicate"), "in", "from the duplicate");
        await host.EventsAsync(
            new ClientsMerged(Guid.NewGuid(), jan, merged, Desk.System),
            new ClientRenamed(jan, "Jan Rebuilt-Renamed"),
            new ClientCardChanged(jan, "fieldChanged", Desk.System, "Note changed", """{"note":""}""", """{"note":"VIP"}"""),
            new OutboundQueued(Guid.NewGuid(), desk.EmailChannel, "email", jan, null, null, "jan@example.test", "card message", "Anna", desk.Tick()),
            new ChatRated(ticket.Id, jan, "good", desk.Tick()));
        var timeline = await admin.TimelineAsync(jan);
        var changes = await HistoryApi.AllPagesAsync(admin, $"/api/v1/clients/{jan}/changes?limit=50");
        var outbound = await HistoryApi.AllPagesAsync(admin, $"/api/v1/outbound?clientId={jan}");

        await host.Database.ExecuteAsync("TRUNCATE history.timeline_entries, history.card_changes, history.outbound_messages, history.names");
        Assert.Empty(await admin.TimelineAsync(jan));

        using var requested = await admin.PostAsync("/api/v1/admin/history/rebuild", null);
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        var location = requested.Headers.Location!.ToString();
        var run = await Eventually.ReturnsAsync(
            async () => await (await admin.GetAsync(location)).JsonAsync(),
            r => r.Str("status") is "succeeded" or "failed", what: "the rebuild");
        Assert.Equal("succeeded", run.Str("status"));

        Assert.Equal(Json(timeline), Json(await admin.TimelineAsync(jan)));
        Assert.Equal(Json(changes), Json(await HistoryApi.AllPagesAsync(admin, $"/api/v1/clients/{jan}/changes?limit=50")));
        Assert.Equal(Json(outbound), Json(await HistoryApi.AllPagesAsync(admin, $"/api/v1/outbound?clientId={jan}")));
        Assert.Equal("Jan Rebuilt-Renamed", (await admin.TimelineAsync(jan, "&kind=message"))[^1].Str("author"));
    }

    [Fact]
    public async Task Only_admins_may_rebuild()
    {
        using var agent = await host.CreateAgentClientAsync();
        using var response = await agent.PostAsync("/api/v1/admin/history/rebuild", null);
        await response.AssertProblemAsync(403, "forbidden");
    }

    [Fact]
    public async Task Redacting_a_client_removes_its_text_from_the_timeline_and_the_event_log_for_good()
    {
        using var admin = await host.CreateAdminClientAsync();
        var jan = await desk.ClientAsync("Jan Private");
        var ticket = await desk.TicketAsync(jan, "Private subject");
        var message = await desk.MessageAsync(ticket, "in", "my private text", author: "Jan Private");
        await host.EventAsync(new ClientCardChanged(jan, "fieldChanged", Desk.System, "Phone changed", """{"phone":"+48 600"}""", """{"phone":"+48 700"}"""));

        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<IHistoryRedaction>().RedactClientAsync(jan, CancellationToken.None);
            Assert.Equal(2, result.TimelineEntries);
            Assert.Equal(1, result.CardChanges);
        }

        await AssertRedactedAsync();
        using var requested = await admin.PostAsync("/api/v1/admin/history/rebuild", null);
        await Eventually.TrueAsync(
            async () => (await (await admin.GetAsync(requested.Headers.Location!)).JsonAsync()).Str("status") == "succeeded",
            what: "the rebuild");
        await AssertRedactedAsync();

        async Task AssertRedactedAsync()
        {
            var entry = (await admin.TimelineAsync(jan)).Single(e => e.Id() == message.MessageId);
            Assert.Equal<IEnumerable<string?>>(["[redacted]", "[redacted]", "[redacted]"], [entry.Str("excerpt"), entry.Str("subject"), entry.Str("author")]);
            Assert.Equal("True", entry.Str("redacted"));
            Assert.Equal(0, await host.Database.ScalarAsync<long>(
                "SELECT count(*) FROM history.event_log WHERE payload::text LIKE '%rivate%' OR payload::text LIKE '%+48%'"));
        }
    }

    private static string Json(List<System.Text.Json.JsonElement> items) => string.Join("\n", items.Select(i => i.GetRawText()));
}
