using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Clients.Contracts.Events;

/// <summary>
/// A merge was undone (C14): <paramref name="RestoredId"/> exists again. Modules move back what they moved on
/// <see cref="ClientsMerged"/>, and what arrived since from one of <paramref name="RestoredIdentities"/> goes to
/// the restored client too.
/// </summary>
public sealed record ClientMergeUndone(
    Guid MergeId, Guid SurvivorId, Guid RestoredId, IReadOnlyList<IdentityRef> RestoredIdentities, ChangeActor Actor) : IntegrationEvent;

/// <summary>An identity: <c>email</c> (lower-case), <c>phone</c> (E.164), <c>messenger</c> (with the messenger), <c>externalId</c> (with the source), <c>social</c>.</summary>
public sealed record IdentityRef(string Kind, string Value, string? Scope);
