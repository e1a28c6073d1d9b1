using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Clients.Contracts.Events;

/// <summary>A card's display name changed; read models that show names update their copy.</summary>
public sealed record ClientRenamed(Guid ClientId, string Name) : IntegrationEvent;
