using System.Net.Http.Json;
using System.Text.Json;
using ModularDesk.Testing;
using ModularDesk.Tickets.Tests.Support;
using Npgsql;
using static ModularDesk.Tickets.Tests.Support.TicketsHostFixture;

namespace ModularDesk.Tickets.Tests.Routing;

/// <summary>
/// New tickets are routed in the transaction that files them: the moment an inbound message shows as processed, its
/// ticket is already assigned (nobody ever sees it unassigned). A router that fails or hangs inside that transaction
/// costs neither the message nor the routing: the ticket is filed and the routing worker routes it, and the turns the
/// failed attempt had taken are rolled back with it.
/// </summary>
public sealed class InlineRoutingTests(TicketsHostFixture host) : IClassFixture<TicketsHostFixture>
{
    [Fact]
    public async Task A_new_ticket_is_already_assigned_with_its_fired_rules_when_its_message_shows_processed()
    {
        using var admin = await host.AdminAsync();
        var token = Unique("inline");
        var agents = await AgentsAsync(admin, token, 2);
        var team = await CreateAsync(admin, "/api/v1/teams", new { name = $"Team {token}", memberIds = agents });
        await CreateAsync(admin, "/api/v1/routing-rules", new
        {
            name = $"Triage {token}", order = 1,
            conditions = new object[] { new { field = "subject", op = "contains", value = token } },
            actions = new object[]
            {
                new { type = "setPriority", value = "high" }, new { type = "setStatus", value = "open" },
                new { type = "addTag", value = "triaged" },
            },
        });
        await CreateAsync(admin, "/api/v1/routing-rules", new
        {
            name = $"Share {token}", order = 2, stopProcessing = true,
            conditions = new object[] { new { field = "subject", op = "contains", value = token } },
            actions = new object[] { new { type = "roundRobin", value = team.ToString() } },
        });

        // One at a time: each is read right after its message is processed, without waiting for anything else.
        var assignees = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var (ticketId, _) = await IngestAsync(admin, new
            {
                externalMessageId = $"<{token}-{i}@mail.example>",
                from = new { kind = "email", value = $"{token}-{i}@mail.example" },
                subject = $"Order {token} #{i}",
                text = "Where is my parcel?",
            });
            var ticket = await GetJsonAsync(admin, $"/api/v1/tickets/{ticketId}");
            Assert.Equal(team, ticket.GetProperty("teamId").GetGuid());
            Assert.Equal("high", ticket.GetProperty("priority").GetString());
            Assert.Equal("open", ticket.GetProperty("status").GetString());
            Assert.Contains("triaged", ticket.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            Assert.Equal([$"Triage {token}", $"Share {token}"],
                ticket.GetProperty("firedRules").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
            assignees.Add(ticket.GetProperty("assigneeAgentId").GetGuid());
            // Assigned as it was created: no later change to the ticket did it.
            Assert.Equal(ticket.GetProperty("createdAt").GetDateTimeOffset(), ticket.GetProperty("updatedAt").GetDateTimeOffset());
            Assert.False(await QueuedAsync(ticketId), "a ticket routed while filed leaves no routing request");
        }

        // Round-robin turns in filing order: the two agents alternate.
        Assert.All(assignees, a => Assert.Contains(a, agents));
        Assert.All(Enumerable.Range(1, 3), i => Assert.NotEqual(assignees[i - 1], assignees[i]));

        // Many at once (batches of several new tickets): all assigned as filed, shared evenly.
        var inboxIds = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => PostInboundAsync(admin, new
        {
            externalMessageId = $"<{token}-many-{i}@mail.example>",
            from = new { kind = "email", value = $"{token}-many-{i}@mail.example" },
            subject = $"Order {token} many #{i}",
            text = "Where is my parcel?",
        })));
        var shared = new List<Guid>();
        foreach (var inboxId in inboxIds)
        {
            var processed = await WaitForInboundAsync(admin, inboxId);
            var ticket = await GetJsonAsync(admin, $"/api/v1/tickets/{processed.GetProperty("ticketId").GetGuid()}");
            shared.Add(ticket.GetProperty("assigneeAgentId").GetGuid());
        }

        Assert.Equal(10, shared.Count(a => a == agents[0]));
        Assert.Equal(10, shared.Count(a => a == agents[1]));
    }

    [Theory]
    [InlineData("router-breaks")]
    [InlineData("router-hangs")]
    public async Task A_router_failing_inside_the_batch_loses_nothing_the_worker_routes_the_ticket_and_no_turn_is_skipped(string fault)
    {
        using var admin = await host.AdminAsync();
        var token = Unique("fault");
        var agents = (await AgentsAsync(admin, token, 2)).Order().ToList();
        var team = await CreateAsync(admin, "/api/v1/teams", new { name = $"Team {token}", memberIds = agents });
        var rule = await CreateAsync(admin, "/api/v1/routing-rules", new
        {
            name = $"Share {token}", order = 1, stopProcessing = true,
            conditions = new object[] { new { field = "subject", op = "contains", value = token } },
            actions = new object[] { new { type = "roundRobin", value = team.ToString() } },
        });

        var (broken, _) = await IngestAsync(admin, new
        {
            externalMessageId = $"<{token}-broken@mail.example>",
            from = new { kind = "email", value = $"{token}-broken@mail.example" },
            subject = $"Order {token} {fault}",
            text = "Where is my parcel?",
        });

        // Filed (the message is processed), then routed by the worker.
        var routed = await Eventually.ReturnsAsync(
            () => GetJsonAsync(admin, $"/api/v1/tickets/{broken}"),
            t => t.GetProperty("assigneeAgentId").ValueKind == JsonValueKind.String,
            TimeSpan.FromSeconds(30),
            "the routing worker to route the ticket");
        Assert.Contains(routed.GetProperty("firedRules").EnumerateArray(), r => r.GetProperty("ruleId").GetGuid() == rule);
        await Eventually.ReturnsAsync(() => QueuedAsync(broken), queued => !queued, TimeSpan.FromSeconds(10), "the routing request to be gone");

        // The failed attempt's turn was rolled back with it: the worker's routing took the team's first turn, the next ticket the second.
        Assert.Equal(agents[0], routed.GetProperty("assigneeAgentId").GetGuid());
        var (next, _) = await IngestAsync(admin, new
        {
            externalMessageId = $"<{token}-next@mail.example>",
            from = new { kind = "email", value = $"{token}-next@mail.example" },
            subject = $"Order {token} next",
            text = "Where is my parcel?",
        });
        Assert.Equal(agents[1], (await GetJsonAsync(admin, $"/api/v1/tickets/{next}")).GetProperty("assigneeAgentId").GetGuid());
    }

    [Fact]
    public async Task A_customer_type_rule_reads_the_cards_type_while_the_ticket_is_filed()
    {
        using var admin = await host.AdminAsync();
        var token = Unique("ctype");
        var type = $"Reseller {token}";
        using (var created = await admin.PostAsJsonAsync("/api/v1/customer-types", new { name = type }))
        {
            Assert.True(created.IsSuccessStatusCode, $"{(int)created.StatusCode}");
        }

        var email = $"{token}@reseller.example";
        await CreateAsync(admin, "/api/v1/clients", new
        {
            name = "Reseller Person", customerType = type, emails = new[] { new { address = email, label = "business" } },
        });
        var agent = (await AgentsAsync(admin, token, 1))[0];
        await CreateAsync(admin, "/api/v1/routing-rules", new
        {
            name = $"Resellers {token}", order = 1, stopProcessing = true,
            conditions = new object[] { new { field = "customerType", op = "eq", value = type } },
            actions = new object[] { new { type = "assignAgent", value = agent.ToString() } },
        });

        var (ticketId, _) = await IngestAsync(admin, new
        {
            externalMessageId = $"<{token}@mail.example>",
            from = new { kind = "email", value = email },
            subject = "Price list",
            text = "Could you send the new price list?",
        });
        var (other, _) = await IngestAsync(admin, new
        {
            externalMessageId = $"<{token}-other@mail.example>",
            from = new { kind = "email", value = $"{token}-other@mail.example" },
            subject = "Price list",
            text = "Could you send the new price list?",
        });

        Assert.Equal(agent, (await GetJsonAsync(admin, $"/api/v1/tickets/{ticketId}")).GetProperty("assigneeAgentId").GetGuid());
        Assert.NotEqual(JsonValueKind.String, (await GetJsonAsync(admin, $"/api/v1/tickets/{other}")).GetProperty("assigneeAgentId").ValueKind);
    }

    private async Task<bool> QueuedAsync(Guid ticketId)
    {
        await using var connection = new NpgsqlConnection(host.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM tickets.routing_queue WHERE ticket_id = @id", connection);
        command.Parameters.AddWithValue("id", ticketId);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private static async Task<List<Guid>> AgentsAsync(HttpClient admin, string token, int count)
    {
        var agents = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            agents.Add(await CreateAsync(admin, "/api/v1/agents", new
            {
                name = $"Agent {i} {token}", email = $"{token}-{i}@desk.example", password = HostFixture.AgentPassword, role = "agent",
            }));
        }

        return agents;
    }

    private static async Task<Guid> CreateAsync(HttpClient admin, string url, object body)
    {
        using var response = await admin.PostAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }
}
