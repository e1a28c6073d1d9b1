using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Organizations.Contracts.Events;

/// <summary>An organization was deleted; its people are left without one.</summary>
public sealed record OrganizationDeleted(Guid OrganizationId, ChangeActor Actor) : IntegrationEvent;
