namespace ModularDesk.Agents.Staff;

/// <summary>An agent as the API shows it; never the password hash.</summary>
internal sealed record AgentView(Guid Id, string Name, string Email, string Role, bool Active, DateTimeOffset CreatedAt)
{
    public static AgentView From(Agent agent) =>
        new(agent.Id, agent.Name, agent.Email, agent.Role, agent.Active, agent.CreatedAt);
}
