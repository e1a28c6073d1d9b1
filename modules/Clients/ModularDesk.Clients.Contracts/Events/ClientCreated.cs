using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Clients.Contracts.Events;

/// <summary>A card was created (by an agent, an import, the API or an inbound message).</summary>
public sealed record ClientCreated(Guid ClientId, string Name, Guid? OrganizationId, ChangeActor Actor) : IntegrationEvent;
