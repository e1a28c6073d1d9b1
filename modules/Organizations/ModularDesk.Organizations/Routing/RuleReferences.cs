using Microsoft.EntityFrameworkCore;
using ModularDesk.Agents.Contracts;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Organizations.Persistence;

namespace ModularDesk.Organizations.Routing;

/// <summary>A new or changed rule may only name agents, teams and organizations that exist (and agents that are active).</summary>
internal sealed class RuleReferences(OrganizationsDbContext db, IAgentDirectory agents)
{
    public async Task CheckAsync(RuleValues values, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (values.OrganizationId is { } organizationId
            && !await db.Organizations.AnyAsync(o => o.Id == organizationId, cancellationToken))
        {
            errors.Add("organizationId", "No such organization.");
        }

        for (var i = 0; i < values.Conditions.Count; i++)
        {
            var condition = values.Conditions[i];
            if (condition.Field != "organization")
            {
                continue;
            }

            var ids = condition.Values.Select(Guid.Parse).ToList();
            var known = await db.Organizations.Where(o => ids.Contains(o.Id)).Select(o => o.Id).ToListAsync(cancellationToken);
            foreach (var missing in ids.Except(known))
            {
                errors.Add($"conditions[{i}].value", $"No organization {missing}.");
            }
        }

        for (var i = 0; i < values.Actions.Count; i++)
        {
            var action = values.Actions[i];
            if (action.TargetId is not { } target)
            {
                continue;
            }

            if (action.Type == "assignAgent")
            {
                var agent = await agents.FindAgentAsync(target, cancellationToken);
                if (agent is null || !agent.Active)
                {
                    errors.Add($"actions[{i}].value", agent is null ? "No such agent." : "The agent is deactivated.");
                }
            }
            else
            {
                var team = await agents.FindTeamAsync(target, cancellationToken);
                if (team is null)
                {
                    errors.Add($"actions[{i}].value", "No such team.");
                }
                else if (action.Type is "roundRobin" or "leastLoaded" && team.MemberIds.Count == 0)
                {
                    errors.Add($"actions[{i}].value", "The team has no members to share tickets among.");
                }
            }
        }
    }
}
