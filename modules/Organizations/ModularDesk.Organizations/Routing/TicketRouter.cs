using Microsoft.Extensions.Logging;
using ModularDesk.Agents.Contracts;
using ModularDesk.Organizations.Contracts.Routing;

namespace ModularDesk.Organizations.Routing;

/// <summary>
/// Runs the rules for a ticket (O6, O7): the ticket's organization's rules, then the desk-wide ones, each in order,
/// enabled only, until a matching rule says stop. The first rule that sets the assignee, team, priority or status
/// decides it (later rules do not override it; a later round-robin does not even take a turn); tags add up.
/// A rule naming an agent or team that is gone or deactivated is reported in <see cref="RoutingDecision.Problems"/>.
/// </summary>
internal sealed partial class TicketRouter(
    RoutingRuleCache cache,
    IAgentDirectory agents,
    RoundRobin roundRobin,
    TeamRosters rosters,
    IEnumerable<IAgentWorkload> workloads,
    TimeProvider clock,
    ILogger<TicketRouter> logger) : ITicketRouter
{
    public async Task<RoutingDecision> RouteAsync(TicketRoutingFacts ticket, CancellationToken cancellationToken = default) =>
        (await RouteManyAsync([ticket], cancellationToken))[0];

    /// <summary>
    /// One routing-version read for the batch; each ticket's rules run in order; round-robin turns are then taken per
    /// team for the whole batch in one upsert (in the tickets' order), so a batch costs a fixed number of queries.
    /// Least-loaded shares still count open tickets and take their turn at once: the next ticket must see the choice.
    /// </summary>
    public async Task<IReadOnlyList<RoutingDecision>> RouteManyAsync(
        IReadOnlyList<TicketRoutingFacts> tickets, CancellationToken cancellationToken = default)
    {
        var snapshot = await cache.GetAsync(cancellationToken);
        var drafts = new List<Draft>(tickets.Count);
        foreach (var ticket in tickets)
        {
            var decision = new Draft(ticket.TicketId);
            decision.Problems.AddRange(snapshot.BrokenRules);
            foreach (var rule in snapshot.RulesFor(ticket.OrganizationId))
            {
                if (!rule.Matches(ticket, snapshot.Settings))
                {
                    continue;
                }

                decision.Fired.Add(new FiredRule(rule.Id, rule.Name, clock.GetUtcNow()));
                foreach (var action in rule.Actions)
                {
                    await ApplyAsync(rule, action, decision, cancellationToken);
                }

                if (rule.StopProcessing)
                {
                    break;
                }
            }

            drafts.Add(decision);
        }

        await TakeTurnsAsync(drafts, cancellationToken);
        return drafts.Select(Decide).ToList();
    }

    /// <summary>One upsert per team for the batch's round-robin shares; the k-th share of a team gets the k-th turn.</summary>
    private async Task TakeTurnsAsync(List<Draft> drafts, CancellationToken cancellationToken)
    {
        foreach (var team in drafts.Where(d => d.Turn is not null).GroupBy(d => d.Turn!.Value.Team.Id))
        {
            var waiting = team.ToList();
            var first = await roundRobin.TakeAsync(team.Key, waiting.Count, cancellationToken);
            for (var i = 0; i < waiting.Count; i++)
            {
                waiting[i].Agent = RoundRobin.Pick(waiting[i].Turn!.Value.Members, first + i);
            }
        }
    }

    private RoutingDecision Decide(Draft decision)
    {
        foreach (var problem in decision.Problems)
        {
            LogProblem(logger, decision.TicketId, problem);
        }

        return new RoutingDecision(
            decision.Agent, decision.Team, decision.Priority, decision.Status, decision.Tags, decision.Fired, decision.Problems);
    }

    private async Task ApplyAsync(CompiledRule rule, RuleAction action, Draft decision, CancellationToken cancellationToken)
    {
        switch (action.Type)
        {
            case "assignAgent" when !decision.AgentDecided:
                var agent = await agents.FindAgentAsync(action.TargetId!.Value, cancellationToken);
                if (agent is { Active: true })
                {
                    decision.Agent = agent.Id;
                }
                else
                {
                    decision.Problems.Add(Problem(rule, agent is null
                        ? $"agent {action.TargetId} no longer exists"
                        : $"agent {agent.Name} ({agent.Id}) is deactivated"));
                }

                break;
            case "assignTeam" when decision.Team is null:
                var team = await agents.FindTeamAsync(action.TargetId!.Value, cancellationToken);
                if (team is null)
                {
                    decision.Problems.Add(Problem(rule, $"team {action.TargetId} no longer exists"));
                }
                else
                {
                    decision.Team = team.Id;
                }

                break;
            case "roundRobin" or "leastLoaded" when !decision.AgentDecided:
                await ShareAsync(rule, action, decision, cancellationToken);
                break;
            case "setPriority":
                decision.Priority ??= action.Value;
                break;
            case "setStatus":
                decision.Status ??= action.Value;
                break;
            case "addTag":
                if (!decision.Tags.Contains(action.Value, StringComparer.OrdinalIgnoreCase))
                {
                    decision.Tags.Add(action.Value);
                }

                break;
        }
    }

    /// <summary>Round-robin or least-loaded among the team's active members, ordered by id on every host.</summary>
    private async Task ShareAsync(CompiledRule rule, RuleAction action, Draft decision, CancellationToken cancellationToken)
    {
        var team = await rosters.GetAsync(action.TargetId!.Value, agents, cancellationToken);
        if (team is null)
        {
            decision.Problems.Add(Problem(rule, $"team {action.TargetId} no longer exists"));
            return;
        }

        var members = team.ActiveMembers;
        if (members.Count == 0)
        {
            decision.Problems.Add(Problem(rule, $"team {team.Name} ({team.Id}) has no active members"));
            return;
        }

        if (action.Type == "leastLoaded")
        {
            var workload = workloads.FirstOrDefault();
            if (workload is null)
            {
                decision.Problems.Add(Problem(rule, "open-ticket counts are not available; shared round-robin instead"));
            }
            else
            {
                var counts = await workload.CountOpenTicketsAsync(members, cancellationToken);
                var least = members.Min(id => counts.GetValueOrDefault(id));
                // Ties (and tickets routed at the same moment, before any is counted) take turns.
                members = members.Where(id => counts.GetValueOrDefault(id) == least).ToList();
            }
        }

        if (action.Type == "leastLoaded")
        {
            decision.Agent = RoundRobin.Pick(members, await roundRobin.NextAsync(team.Id, cancellationToken));
        }
        else
        {
            decision.Turn = (team, members);
        }

        decision.Team ??= team.Id;
    }

    private static string Problem(CompiledRule rule, string what) => $"Rule \"{rule.Name}\" ({rule.Id}): {what}.";

    [LoggerMessage(LogLevel.Warning, "Routing ticket {TicketId}: {Problem}")]
    private static partial void LogProblem(ILogger logger, Guid ticketId, string problem);

    private sealed class Draft(Guid ticketId)
    {
        public Guid TicketId { get; } = ticketId;

        public Guid? Agent { get; set; }

        /// <summary>A round-robin share waiting for its turn (taken for the whole batch at the end).</summary>
        public (TeamRoster Team, IReadOnlyList<Guid> Members)? Turn { get; set; }

        /// <summary>The assignee is settled (or will be, by the pending turn): later rules do not override it.</summary>
        public bool AgentDecided => Agent is not null || Turn is not null;

        public Guid? Team { get; set; }

        public string? Priority { get; set; }

        public string? Status { get; set; }

        public List<string> Tags { get; } = [];

        public List<FiredRule> Fired { get; } = [];

        public List<string> Problems { get; } = [];
    }
}
