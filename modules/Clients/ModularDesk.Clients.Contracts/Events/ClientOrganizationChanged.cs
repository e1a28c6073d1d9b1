using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Clients.Contracts.Events;

/// <summary>A card joined, left or changed organization.</summary>
public sealed record ClientOrganizationChanged(Guid ClientId, Guid? FromOrganizationId, Guid? ToOrganizationId, ChangeActor Actor) : IntegrationEvent;
