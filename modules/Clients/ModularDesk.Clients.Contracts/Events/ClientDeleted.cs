using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Clients.Contracts.Events;

/// <summary>A card was deleted (C16): every module removes what it holds of this client (messages, timeline).</summary>
public sealed record ClientDeleted(Guid ClientId, ChangeActor Actor) : IntegrationEvent;
