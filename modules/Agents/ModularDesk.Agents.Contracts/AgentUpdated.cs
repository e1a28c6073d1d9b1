using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Agents.Contracts;

/// <summary>An agent's name, role or active flag changed; carries the state after the change.</summary>
public sealed record AgentUpdated(Guid AgentId, string Name, string Email, string Role, bool Active) : IntegrationEvent;
