using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Agents.Contracts;

/// <summary>A team was created or changed; carries its name and members after the change.</summary>
public sealed record TeamChanged(Guid TeamId, string Name, IReadOnlyList<Guid> MemberIds) : IntegrationEvent;
