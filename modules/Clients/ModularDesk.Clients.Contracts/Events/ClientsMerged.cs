using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Clients.Contracts.Events;

/// <summary>
/// <paramref name="MergedId"/> was merged into <paramref name="SurvivorId"/> (C13): every module moves what it
/// holds of the merged client to the survivor, remembering enough to move it back on <see cref="ClientMergeUndone"/>.
/// </summary>
public sealed record ClientsMerged(Guid MergeId, Guid SurvivorId, Guid MergedId, ChangeActor Actor) : IntegrationEvent;
