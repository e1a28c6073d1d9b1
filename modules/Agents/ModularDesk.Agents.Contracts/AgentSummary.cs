namespace ModularDesk.Agents.Contracts;

/// <summary>An agent as other modules see it. <see cref="Role"/> is "agent" or "admin".</summary>
public sealed record AgentSummary(Guid Id, string Name, string Email, string Role, bool Active);
