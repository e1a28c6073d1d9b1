using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Organizations.Contracts.Routing;
using ModularDesk.Organizations.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Organizations.Tests.Routing;

/// <summary>
/// The router as the Tickets module calls it (resolved from the host's container), with rules written through the
/// API. Each test scopes its rules to its own organization (or a unique subject), so tests sharing the desk do not meet.
/// </summary>
public sealed class TicketRouterTests(HostFixture host) : IClassFixture<HostFixture>
{
    private static readonly Guid EmailChannel = Guid.CreateVersion7();

    [Fact]
    public async Task Rules_fire_in_order_until_one_says_stop()
    {
        using var admin = await host.CreateAdminClientAsync();
        var organization = await NewOrganizationAsync(admin);
        var anna = await Desk.CreateAgentAsync(admin, "Anna");
        var first = await Rule(admin, "First: tag", 1, organization, false, [], [("addTag", "first")]);
        var second = await Rule(admin, "Second: assign and stop", 2, organization, true, [("isVip", "eq", true)], [("assignAgent", anna.ToString()), ("setPriority", "urgent")]);
        await Rule(admin, "Third: never reached", 3, organization, false, [], [("addTag", "third"), ("setPriority", "low")]);
        await Rule(admin, "Disabled", 0, organization, false, [], [("addTag", "disabled")], enabled: false);

        var decision = await RouteAsync(Ticket(organization, isVip: true));

        Assert.Equal([first, second], decision.FiredRules.Select(r => r.RuleId));
        Assert.Equal(["First: tag", "Second: assign and stop"], decision.FiredRules.Select(r => r.Name));
        Assert.Equal(anna, decision.AssigneeAgentId);
        Assert.Equal("urgent", decision.Priority);
        Assert.Equal(["first"], decision.Tags);
        Assert.Empty(decision.Problems);

        var notVip = await RouteAsync(Ticket(organization, isVip: false));
        Assert.Equal(["First: tag", "Third: never reached"], notVip.FiredRules.Select(r => r.Name));
        Assert.Null(notVip.AssigneeAgentId);
        Assert.Equal("low", notVip.Priority);
        Assert.Equal(["first", "third"], notVip.Tags);
    }

    [Fact]
    public async Task The_organizations_rules_run_before_desk_wide_ones_whatever_their_order()
    {
        using var admin = await host.CreateAdminClientAsync();
        var organization = await NewOrganizationAsync(admin);
        var token = Guid.NewGuid().ToString("N");
        var anna = await Desk.CreateAgentAsync(admin, "Anna");
        var bob = await Desk.CreateAgentAsync(admin, "Bob");
        await Rule(admin, "Desk: to Bob", -100, null, false, [("subject", "contains", token)], [("assignAgent", bob.ToString()), ("addTag", "desk")]);
        await Rule(admin, "Acme: to Anna", 100, organization, false, [], [("assignAgent", anna.ToString())]);

        var decision = await RouteAsync(Ticket(organization, subject: $"Order {token.ToUpperInvariant()} broken"));
        var elsewhere = await RouteAsync(Ticket(null, subject: $"Order {token} broken"));

        Assert.Equal(["Acme: to Anna", "Desk: to Bob"], decision.FiredRules.Select(r => r.Name));
        Assert.Equal(anna, decision.AssigneeAgentId);
        Assert.Equal(["desk"], decision.Tags);
        Assert.Equal(bob, elsewhere.AssigneeAgentId);
    }

    [Fact]
    public async Task Conditions_on_channel_language_text_customer_type_and_organization_match_as_written()
    {
        using var admin = await host.CreateAdminClientAsync();
        var organization = await NewOrganizationAsync(admin);
        await Rule(admin, "Polish email partners", 1, organization, false,
            [("channel", "eq", "email"), ("language", "in", new[] { "pl", "cs" }), ("customerType", "eq", "partner"),
             ("text", "contains", new[] { "faktura", "invoice" }), ("organization", "eq", organization.ToString())],
            [("setStatus", "open"), ("addTag", "billing")]);

        var match = await RouteAsync(Ticket(organization, language: "PL", customerType: "Partner", text: "Where is my FAKTURA?"));
        var wrongLanguage = await RouteAsync(Ticket(organization, language: "de", customerType: "partner", text: "faktura"));
        var wrongChannel = await RouteAsync(Ticket(organization, language: "pl", customerType: "partner", text: "faktura") with { ChannelType = "telegram" });

        Assert.Equal("open", match.Status);
        Assert.Equal(["billing"], match.Tags);
        Assert.DoesNotContain(wrongLanguage.FiredRules, r => r.Name == "Polish email partners");
        Assert.DoesNotContain(wrongChannel.FiredRules, r => r.Name == "Polish email partners");
    }

    [Fact]
    public async Task Working_hours_are_read_in_the_desks_time_zone()
    {
        using var admin = await host.CreateAdminClientAsync();
        using var settings = await admin.PutAsJsonAsync(
            "/api/v1/settings/routing", new { timeZone = "Asia/Tokyo", workingHours = new { days = new[] { "mon", "tue", "wed", "thu", "fri" }, from = "09:00", to = "18:00" } });
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        var organization = await NewOrganizationAsync(admin);
        await Rule(admin, "Office", 1, organization, true, [("workingHours", "eq", true)], [("addTag", "office")]);
        await Rule(admin, "Night", 2, organization, true, [("workingHours", "eq", false)], [("addTag", "night")]);

        // Wednesday 2026-11-25 01:30 UTC is 10:30 in Tokyo; 12:00 UTC is 21:00 there.
        var morning = await RouteAsync(Ticket(organization) with { CreatedAt = new DateTimeOffset(2026, 11, 25, 1, 30, 0, TimeSpan.Zero) });
        var evening = await RouteAsync(Ticket(organization) with { CreatedAt = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero) });

        Assert.Equal(["office"], morning.Tags);
        Assert.Equal(["night"], evening.Tags);

        using var bad = await admin.PutAsJsonAsync("/api/v1/settings/routing", new { timeZone = "Mars/Olympus", workingHours = new { from = "25:00" } });
        await bad.AssertProblemAsync(400, "validation-error");
        Assert.Equivalent(new[] { "timeZone", "workingHours.from" }, await bad.ValidationFieldsAsync());
    }

    [Fact]
    public async Task Three_hundred_tickets_routed_at_once_give_each_of_three_agents_exactly_one_hundred()
    {
        using var admin = await host.CreateAdminClientAsync();
        var agents = new[] { await Desk.CreateAgentAsync(admin, "A"), await Desk.CreateAgentAsync(admin, "B"), await Desk.CreateAgentAsync(admin, "C") };
        var team = await Desk.CreateTeamAsync(admin, agents);
        var organization = await NewOrganizationAsync(admin);
        await Rule(admin, "Share", 1, organization, true, [], [("roundRobin", team.ToString())]);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => Task.Run(() => RouteAsync(Ticket(organization)))));

        var counts = decisions.GroupBy(d => d.AssigneeAgentId).ToDictionary(g => g.Key!.Value, g => g.Count());
        Assert.Equal(agents.Order(), counts.Keys.Order());
        Assert.All(counts.Values, count => Assert.Equal(100, count));
        Assert.All(decisions, d => Assert.Equal(team, d.TeamId));
    }

    [Fact]
    public async Task Batches_and_single_tickets_routed_at_once_share_the_turns_fairly_and_a_batch_takes_them_in_order()
    {
        using var admin = await host.CreateAdminClientAsync();
        var agents = new[] { await Desk.CreateAgentAsync(admin, "A"), await Desk.CreateAgentAsync(admin, "B"), await Desk.CreateAgentAsync(admin, "C") };
        var team = await Desk.CreateTeamAsync(admin, agents);
        var organization = await NewOrganizationAsync(admin);
        await Rule(admin, "Tag first", 1, organization, false, [], [("addTag", "seen")]);
        await Rule(admin, "Share", 2, organization, true, [], [("roundRobin", team.ToString())]);
        await Rule(admin, "Never reached", 3, organization, false, [], [("assignAgent", agents[0].ToString())]);

        // Ten batches of 27 and 30 single tickets at the same time: 300 turns, none drawn twice.
        var batches = Enumerable.Range(0, 10).Select(_ => Task.Run(() => RouteManyAsync(Enumerable.Range(0, 27).Select(_ => Ticket(organization)).ToList())));
        var singles = Enumerable.Range(0, 30).Select(_ => Task.Run(async () => (IReadOnlyList<RoutingDecision>)[await RouteAsync(Ticket(organization))]));
        var results = await Task.WhenAll(batches.Concat(singles));

        var decisions = results.SelectMany(r => r).ToList();
        Assert.Equal(300, decisions.Count);
        Assert.All(agents.Select(a => decisions.Count(d => d.AssigneeAgentId == a)), count => Assert.Equal(100, count));
        Assert.All(decisions, d => Assert.Equal(["seen"], d.Tags));
        Assert.All(decisions, d => Assert.Equal(["Tag first", "Share"], d.FiredRules.Select(r => r.Name)));

        // Within a batch the turns are consecutive: the assignees cycle through the team in its stable order.
        var order = agents.Order().ToList();
        foreach (var batch in results.Take(10))
        {
            var first = order.IndexOf(batch[0].AssigneeAgentId!.Value);
            Assert.Equal(Enumerable.Range(0, batch.Count).Select(i => order[(first + i) % 3]), batch.Select(d => d.AssigneeAgentId!.Value));
        }
    }

    [Fact]
    public async Task Round_robin_skips_deactivated_members()
    {
        using var admin = await host.CreateAdminClientAsync();
        var active = await Desk.CreateAgentAsync(admin, "Active");
        var leaving = await Desk.CreateAgentAsync(admin, "Leaving");
        var team = await Desk.CreateTeamAsync(admin, active, leaving);
        var organization = await NewOrganizationAsync(admin);
        await Rule(admin, "Share", 1, organization, true, [], [("roundRobin", team.ToString())]);
        using var deactivated = await admin.PatchJsonAsync($"/api/v1/agents/{leaving}", new { active = false });
        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => RouteAsync(Ticket(organization))));

        Assert.All(decisions, d => Assert.Equal(active, d.AssigneeAgentId));
    }

    [Fact]
    public async Task Least_loaded_assigns_a_member_of_the_team()
    {
        using var admin = await host.CreateAdminClientAsync();
        var members = new[] { await Desk.CreateAgentAsync(admin, "L1"), await Desk.CreateAgentAsync(admin, "L2") };
        var team = await Desk.CreateTeamAsync(admin, members);
        var organization = await NewOrganizationAsync(admin);
        await Rule(admin, "Least loaded", 1, organization, true, [], [("leastLoaded", team.ToString())]);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RouteAsync(Ticket(organization))));

        Assert.All(decisions, d => Assert.Contains(d.AssigneeAgentId!.Value, members));
        Assert.All(decisions, d => Assert.Equal(team, d.TeamId));
    }

    [Fact]
    public async Task A_rule_pointing_at_a_deactivated_agent_or_a_deleted_team_is_reported_not_thrown()
    {
        using var admin = await host.CreateAdminClientAsync();
        var gone = await Desk.CreateAgentAsync(admin, "Gone");
        var member = await Desk.CreateAgentAsync(admin, "Member");
        var team = await Desk.CreateTeamAsync(admin, member);
        var organization = await NewOrganizationAsync(admin);
        var agentRule = await Rule(admin, "To Gone", 1, organization, false, [], [("assignAgent", gone.ToString())]);
        var teamRule = await Rule(admin, "To team", 2, organization, false, [], [("roundRobin", team.ToString()), ("addTag", "still-tagged")]);
        using var deactivated = await admin.PatchJsonAsync($"/api/v1/agents/{gone}", new { active = false });
        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        await host.Database.ExecuteAsync($"DELETE FROM agents.teams WHERE id = '{team}'");

        var decision = await RouteAsync(Ticket(organization));

        Assert.Null(decision.AssigneeAgentId);
        Assert.Equal(["still-tagged"], decision.Tags);
        Assert.Equal([agentRule, teamRule], decision.FiredRules.Select(r => r.RuleId));
        Assert.Contains(decision.Problems, p => p.Contains(agentRule.ToString(), StringComparison.Ordinal) && p.Contains("deactivated", StringComparison.Ordinal));
        Assert.Contains(decision.Problems, p => p.Contains(teamRule.ToString(), StringComparison.Ordinal) && p.Contains("no longer exists", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_rule_applies_to_the_next_ticket()
    {
        using var admin = await host.CreateAdminClientAsync();
        var organization = await NewOrganizationAsync(admin);
        var rule = await Rule(admin, "Tag", 1, organization, false, [], [("addTag", "before")]);
        Assert.Equal(["before"], (await RouteAsync(Ticket(organization))).Tags);

        using var patched = await admin.PatchJsonAsync($"/api/v1/routing-rules/{rule}", new { actions = new[] { new { type = "addTag", value = "after" } } });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(["after"], (await RouteAsync(Ticket(organization))).Tags);

        using var disabled = await admin.PatchJsonAsync($"/api/v1/routing-rules/{rule}", new { enabled = false });
        Assert.Empty((await RouteAsync(Ticket(organization))).FiredRules);
    }

    private static TicketRoutingFacts Ticket(
        Guid? organization, bool isVip = false, string? subject = "Hello", string? text = "Hi", string? language = "en", string? customerType = null) =>
        new(Guid.CreateVersion7(), organization, EmailChannel, "email", isVip, language, subject, text, customerType, DateTimeOffset.UtcNow);

    private async Task<RoutingDecision> RouteAsync(TicketRoutingFacts ticket)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ITicketRouter>().RouteAsync(ticket);
    }

    private async Task<IReadOnlyList<RoutingDecision>> RouteManyAsync(IReadOnlyList<TicketRoutingFacts> tickets)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ITicketRouter>().RouteManyAsync(tickets);
    }

    private static async Task<Guid> NewOrganizationAsync(HttpClient admin) =>
        (await Desk.CreateOrganizationAsync(admin, new { name = $"Org {Guid.NewGuid():N}" })).GetProperty("id").GetGuid();

    private static Task<Guid> Rule(
        HttpClient admin, string name, int order, Guid? organization, bool stop,
        (string Field, string Op, object Value)[] conditions, (string Type, string Value)[] actions, bool enabled = true) =>
        Desk.CreateRuleAsync(admin, new
        {
            name, order, enabled, stopProcessing = stop, organizationId = organization,
            conditions = conditions.Select(c => new { field = c.Field, op = c.Op, value = c.Value }).ToArray(),
            actions = actions.Select(a => new { type = a.Type, value = a.Value }).ToArray(),
        });
}
