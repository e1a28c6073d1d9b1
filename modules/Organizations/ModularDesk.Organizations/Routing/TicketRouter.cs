using System.Data.Common;
using Microsoft.Extensions.Logging;
using ModularDesk.Agents.Contracts;
using ModularDesk.Clients.Contracts.Directory;
using ModularDesk.Organizations.Contracts.Routing;
using Npgsql;

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
    IEnumerable<IClientDirectory> clients,
    TimeProvider clock,
    ILogger<TicketRouter> logger) : ITicketRouter
{
    public async Task<RoutingDecision> RouteAsync(TicketRoutingFacts ticket, CancellationToken cancellationToken = default) =>
        (await RouteManyAsync([ticket], null, cancellationToken))[0];

    public Task<IReadOnlyList<RoutingDecision>> RouteManyAsync(
        IReadOnlyList<TicketRoutingFacts> tickets, CancellationToken cancellationToken = default) =>
        RouteManyAsync(tickets, null, cancellationToken);

    /// <summary>
    /// One routing-version read for the batch; each ticket's rules run in order; round-robin and least-loaded turns are
    /// then taken per team for the whole batch in one upsert (teams in id order, tickets in the given order), so a batch
    /// costs a fixed number of queries. With a <paramref name="transaction"/> the version read and the upserts run on it.
    /// </summary>
    public async Task<IReadOnlyList<RoutingDecision>> RouteManyAsync(
        IReadOnlyList<TicketRoutingFacts> tickets, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var on = transaction switch
        {
            null => null,
            NpgsqlTransaction npgsql => npgsql,
            _ => throw new ArgumentException("Routing runs on a PostgreSQL (Npgsql) transaction.", nameof(transaction)),
        };
        var snapshot = await cache.GetAsync(on, cancellationToken);
        tickets = await WithCustomerTypesAsync(tickets, snapshot, cancellationToken);
        var lookups = new BatchLookups();
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
                    await ApplyAsync(rule, action, decision, lookups, cancellationToken);
                }

                if (rule.StopProcessing)
                {
                    break;
                }
            }

            drafts.Add(decision);
        }

        await TakeTurnsAsync(drafts, on, cancellationToken);
        return drafts.Select(Decide).ToList();
    }

    /// <summary>
    /// Fills in the customer type of tickets that name their client but not its type, with one read of the cards, and
    /// only when an enabled rule looks at the customer type.
    /// </summary>
    private async Task<IReadOnlyList<TicketRoutingFacts>> WithCustomerTypesAsync(
        IReadOnlyList<TicketRoutingFacts> tickets, RoutingSnapshot snapshot, CancellationToken cancellationToken)
    {
        var directory = clients.FirstOrDefault();
        if (!snapshot.UsesCustomerType || directory is null)
        {
            return tickets;
        }

        var missing = tickets.Where(t => t.CustomerType is null && t.ClientId is not null).Select(t => t.ClientId!.Value).Distinct().ToList();
        if (missing.Count == 0)
        {
            return tickets;
        }

        var types = (await directory.FindManyAsync(missing, cancellationToken)).ToDictionary(c => c.Id, c => c.CustomerType);
        return tickets.Select(t => t.CustomerType is null && t.ClientId is { } id && types.GetValueOrDefault(id) is { } type
            ? t with { CustomerType = type }
            : t).ToList();
    }

    /// <summary>
    /// One upsert per team for the batch's shares; the k-th share of a team gets the k-th turn. Teams in id order: on a
    /// caller's transaction the cursor rows stay locked until it ends, and a fixed order means no deadlock between two.
    /// </summary>
    private async Task TakeTurnsAsync(List<Draft> drafts, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        foreach (var team in drafts.Where(d => d.Turn is not null).GroupBy(d => d.Turn!.Value.Team.Id).OrderBy(g => g.Key))
        {
            var waiting = team.ToList();
            var first = await roundRobin.TakeAsync(team.Key, waiting.Count, transaction, cancellationToken);
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

    private async Task ApplyAsync(
        CompiledRule rule, RuleAction action, Draft decision, BatchLookups lookups, CancellationToken cancellationToken)
    {
        switch (action.Type)
        {
            case "assignAgent" when !decision.AgentDecided:
                var agentId = action.TargetId!.Value;
                if (!lookups.Agents.TryGetValue(agentId, out var agent))
                {
                    lookups.Agents[agentId] = agent = await agents.FindAgentAsync(agentId, cancellationToken);
                }

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
                var teamId = action.TargetId!.Value;
                if (!lookups.Teams.TryGetValue(teamId, out var team))
                {
                    lookups.Teams[teamId] = team = await agents.FindTeamAsync(teamId, cancellationToken);
                }

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
                await ShareAsync(rule, action, decision, lookups, cancellationToken);
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

    /// <summary>
    /// Round-robin or least-loaded among the team's active members, ordered by id on every host. Least-loaded narrows
    /// the members to the least-loaded ones (open tickets counted once per team and batch: the batch's own tickets are
    /// not counted yet either way), then, like round-robin, waits for a turn of the team taken with the batch's others.
    /// </summary>
    private async Task ShareAsync(
        CompiledRule rule, RuleAction action, Draft decision, BatchLookups lookups, CancellationToken cancellationToken)
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
                if (!lookups.Workloads.TryGetValue(team.Id, out var counts))
                {
                    lookups.Workloads[team.Id] = counts = await workload.CountOpenTicketsAsync(members, cancellationToken);
                }

                var least = members.Min(id => counts.GetValueOrDefault(id));
                // Ties (and tickets routed at the same moment, before any is counted) take turns.
                members = members.Where(id => counts.GetValueOrDefault(id) == least).ToList();
            }
        }

        decision.Turn = (team, members);

        decision.Team ??= team.Id;
    }

    private static string Problem(CompiledRule rule, string what) => $"Rule \"{rule.Name}\" ({rule.Id}): {what}.";

    [LoggerMessage(LogLevel.Warning, "Routing ticket {TicketId}: {Problem}")]
    private static partial void LogProblem(ILogger logger, Guid ticketId, string problem);

    /// <summary>
    /// What one batch looked up, so a rule that fires for fifty tickets asks the Agents module about its agent or team
    /// once, not fifty times (the batch may be running inside an ingestion transaction).
    /// </summary>
    private sealed class BatchLookups
    {
        public Dictionary<Guid, AgentSummary?> Agents { get; } = [];

        public Dictionary<Guid, TeamSummary?> Teams { get; } = [];

        public Dictionary<Guid, IReadOnlyDictionary<Guid, int>> Workloads { get; } = [];
    }

    private sealed class Draft(Guid ticketId)
    {
        public Guid TicketId { get; } = ticketId;

        public Guid? Agent { get; set; }

        /// <summary>A round-robin or least-loaded share waiting for its turn (taken for the whole batch at the end).</summary>
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
