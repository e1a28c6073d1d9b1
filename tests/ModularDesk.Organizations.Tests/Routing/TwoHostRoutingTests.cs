using System.Net;
using System.Net.Http.Json;
using ModularDesk.Organizations.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Organizations.Tests.Routing;

/// <summary>
/// Routing as a deployment runs it: two host processes' worth of hosts (each with its own background workers) on one
/// database, tickets arriving through the inbound API, and a round-robin rule that must stay fair across both.
/// </summary>
public sealed class TwoHostRoutingTests(HostFixture first) : IClassFixture<HostFixture>, IAsyncLifetime
{
    private static readonly Guid ApiChannel = Guid.Parse("00000000-0000-0000-0000-000000000001");

    private ModularDeskFactory? second;

    public Task InitializeAsync()
    {
        second = new ModularDeskFactory(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:ModularDesk"] = first.Database.ConnectionString,
                ["MODULARDESK_DATA_DIR"] = TempDirectory.Create("data"),
                ["MODULARDESK_ADMIN_PASSWORD"] = HostFixture.AdminPassword,
                ["Plugins:Directory"] = TempDirectory.Create("plugins"),
                ["Jobs:WorkerCount"] = "4",
                ["Serilog:MinimumLevel:Default"] = "Warning",
            },
            configure: null);
        _ = second.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (second is not null)
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task Three_hundred_tickets_over_three_agents_give_each_one_hundred_with_two_hosts_routing()
    {
        using var admin = await first.CreateAdminClientAsync();
        var agents = new[] { await Desk.CreateAgentAsync(admin, "A"), await Desk.CreateAgentAsync(admin, "B"), await Desk.CreateAgentAsync(admin, "C") };
        var team = await Desk.CreateTeamAsync(admin, agents);
        var token = Guid.NewGuid().ToString("N")[..12];
        var rule = await Desk.CreateRuleAsync(admin, new
        {
            name = "Share the load", order = -1, stopProcessing = true,
            conditions = new[] { new { field = "subject", op = "contains", value = token } },
            actions = new[] { new { type = "roundRobin", value = team.ToString() } },
        });

        // Half the messages enter through each host; both hosts' workers route.
        using var secondAdmin = second!.CreateClient();
        secondAdmin.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;
        var responses = await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            var client = i % 2 == 0 ? admin : secondAdmin;
            using var response = await client.PostAsJsonAsync("/api/v1/inbound", new
            {
                channelId = ApiChannel,
                externalMessageId = $"{token}-{i}",
                from = new { kind = "email", value = $"sender{i}-{token}@gmail.com", displayName = $"Sender {i}" },
                subject = $"Order {token} #{i}",
                text = "Where is my parcel?",
            });
            return response.StatusCode;
        }));
        Assert.All(responses, status => Assert.Equal(HttpStatusCode.Accepted, status));

        var counts = await Eventually.ReturnsAsync(
            async () =>
            {
                var result = new Dictionary<Guid, int>();
                foreach (var agent in agents)
                {
                    result[agent] = await CountAssignedAsync(admin, agent, token);
                }

                return result;
            },
            result => result.Values.Sum() >= 300,
            TimeSpan.FromSeconds(120),
            "300 routed tickets");

        Assert.All(agents, agent => Assert.Equal(100, counts[agent]));
        using var sample = await admin.GetAsync($"/api/v1/tickets?assigneeAgentId={agents[0]}&limit=1&q={token}");
        var ticket = (await sample.JsonAsync()).GetProperty("items")[0];
        Assert.Equal(team, ticket.GetProperty("teamId").GetGuid());
        // The list does not carry fired rules; the ticket itself does.
        using var detail = await admin.GetAsync($"/api/v1/tickets/{ticket.GetProperty("id").GetGuid()}");
        Assert.Contains((await detail.JsonAsync()).GetProperty("firedRules").EnumerateArray(), f => f.GetProperty("ruleId").GetGuid() == rule);
    }

    private static async Task<int> CountAssignedAsync(HttpClient admin, Guid agent, string token)
    {
        var count = 0;
        string? cursor = null;
        do
        {
            using var response = await admin.GetAsync(
                $"/api/v1/tickets?assigneeAgentId={agent}&limit=200" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            var page = await response.JsonAsync();
            count += page.GetProperty("items").EnumerateArray()
                .Count(t => t.GetProperty("subject").GetString()?.Contains(token, StringComparison.Ordinal) == true);
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        return count;
    }
}
