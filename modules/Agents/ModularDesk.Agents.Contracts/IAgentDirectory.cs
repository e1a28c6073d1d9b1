namespace ModularDesk.Agents.Contracts;

/// <summary>What other modules may know about agents and teams (assignment, mentions, audit names).</summary>
public interface IAgentDirectory
{
    /// <summary>The agent with this id, active or not; null when there is none.</summary>
    Task<AgentSummary?> FindAgentAsync(Guid agentId, CancellationToken cancellationToken = default);

    /// <summary>The agents among <paramref name="agentIds"/> that exist; unknown ids are left out.</summary>
    Task<IReadOnlyList<AgentSummary>> GetAgentsAsync(IEnumerable<Guid> agentIds, CancellationToken cancellationToken = default);

    /// <summary>The team with this id and its members; null when there is none.</summary>
    Task<TeamSummary?> FindTeamAsync(Guid teamId, CancellationToken cancellationToken = default);
}
