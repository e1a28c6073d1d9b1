using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.Testing;
using ModularDesk.Tickets.Routing;
using ModularDesk.Tickets.Tests.Support;
using static ModularDesk.Tickets.Tests.Support.TicketsHostFixture;

namespace ModularDesk.Tickets.Tests.Routing;

/// <summary>
/// The routing worker routes new tickets a batch at a time; the batch path must read each ticket's own facts (its
/// first message's text included) and record what fired, not only fall back to one ticket at a time.
/// </summary>
public sealed class BatchRoutingTests(TicketsHostFixture host) : IClassFixture<TicketsHostFixture>
{
    [Fact]
    public async Task A_batch_of_new_tickets_is_routed_on_each_tickets_text_with_round_robin_turns_in_filing_order()
    {
        using var admin = await host.AdminAsync();
        var token = Unique("route");
        var agents = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            agents.Add(await CreateAsync(admin, "/api/v1/agents", new
            {
                name = $"Router {i}", email = $"{token}-{i}@desk.example", password = HostFixture.AgentPassword, role = "agent",
            }));
        }

        var team = await CreateAsync(admin, "/api/v1/teams", new { name = $"Team {token}", memberIds = agents });
        await CreateAsync(admin, "/api/v1/routing-rules", new
        {
            name = "Refunds", order = 1,
            conditions = new object[] { new { field = "subject", op = "contains", value = token }, new { field = "text", op = "contains", value = "refund" } },
            actions = new object[] { new { type = "setPriority", value = "high" }, new { type = "addTag", value = "refund" } },
        });
        await CreateAsync(admin, "/api/v1/routing-rules", new
        {
            name = "Share", order = 2, stopProcessing = true,
            conditions = new object[] { new { field = "subject", op = "contains", value = token } },
            actions = new object[] { new { type = "roundRobin", value = team.ToString() } },
        });

        var tickets = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            var (ticketId, _) = await IngestAsync(admin, new
            {
                externalMessageId = $"<{token}-{i}@mail.example>",
                from = new { kind = "email", value = $"{token}-{i}@mail.example" },
                subject = $"Order {token} #{i}",
                text = i % 2 == 0 ? "I would like a refund, please." : "Where is my parcel?",
            });
            tickets.Add(ticketId);
        }

        // The worker routes them as they come; then route them again, all six as one batch, the way the worker does.
        foreach (var id in tickets)
        {
            await Eventually.ReturnsAsync(
                () => GetJsonAsync(admin, $"/api/v1/tickets/{id}"),
                t => t.GetProperty("firedRules").GetArrayLength() > 0,
                TimeSpan.FromSeconds(30),
                $"ticket {id} to be routed");
        }

        await host.Factory.Services.GetRequiredService<TicketRouting>()
            .RouteManyAsync(tickets, new ChangeActor("system", null, "Test"), CancellationToken.None);

        var routed = new List<System.Text.Json.JsonElement>();
        foreach (var id in tickets)
        {
            routed.Add(await GetJsonAsync(admin, $"/api/v1/tickets/{id}"));
        }

        for (var i = 0; i < 6; i++)
        {
            var fired = routed[i].GetProperty("firedRules").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToList();
            Assert.Equal(i % 2 == 0 ? ["Refunds", "Share"] : ["Share"], fired);
            Assert.Equal(i % 2 == 0, routed[i].GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "refund"));
            Assert.Equal(i % 2 == 0 ? "high" : "normal", routed[i].GetProperty("priority").GetString());
        }

        // The batch's six turns are consecutive: the assignees alternate in filing order.
        var assignees = routed.Select(t => t.GetProperty("assigneeAgentId").GetGuid()).ToList();
        Assert.All(assignees, a => Assert.Contains(a, agents));
        Assert.All(Enumerable.Range(1, 5), i => Assert.NotEqual(assignees[i - 1], assignees[i]));
    }

    private static async Task<Guid> CreateAsync(HttpClient admin, string url, object body)
    {
        using var response = await admin.PostAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }
}
