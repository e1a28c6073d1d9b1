using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Organizations.Contracts.Events;

/// <summary>An organization's name changed; read models that show names update their copy.</summary>
public sealed record OrganizationRenamed(Guid OrganizationId, string Name) : IntegrationEvent;
