using Microsoft.EntityFrameworkCore;
using ModularDesk.Agents.Contracts;
using ModularDesk.Agents.Persistence;

namespace ModularDesk.Agents.Staff;

internal sealed class AgentDirectory(AgentsDbContext db) : IAgentDirectory
{
    public async Task<AgentSummary?> FindAgentAsync(Guid agentId, CancellationToken cancellationToken = default) =>
        await db.Agents.AsNoTracking().Where(a => a.Id == agentId)
            .Select(a => new AgentSummary(a.Id, a.Name, a.Email, a.Role, a.Active))
            .SingleOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<AgentSummary>> GetAgentsAsync(IEnumerable<Guid> agentIds, CancellationToken cancellationToken = default)
    {
        var ids = agentIds.Distinct().ToList();
        return await db.Agents.AsNoTracking().Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id)
            .Select(a => new AgentSummary(a.Id, a.Name, a.Email, a.Role, a.Active))
            .ToListAsync(cancellationToken);
    }

    public async Task<TeamSummary?> FindTeamAsync(Guid teamId, CancellationToken cancellationToken = default)
    {
        var team = await db.Teams.AsNoTracking().Include(t => t.Members).SingleOrDefaultAsync(t => t.Id == teamId, cancellationToken);
        return team is null ? null : new TeamSummary(team.Id, team.Name, TeamView.From(team).MemberIds);
    }
}
