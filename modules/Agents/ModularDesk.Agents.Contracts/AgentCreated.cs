using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Agents.Contracts;

/// <summary>An admin (or the first start) created an agent.</summary>
public sealed record AgentCreated(Guid AgentId, string Name, string Email, string Role) : IntegrationEvent;
