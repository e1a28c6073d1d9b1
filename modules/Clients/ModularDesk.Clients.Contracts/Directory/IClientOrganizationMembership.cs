namespace ModularDesk.Clients.Contracts.Directory;

/// <summary>
/// The organization field of client cards, changed by the Organizations module (O4 moves, O3 attach, delete).
/// Each change publishes <see cref="Events.ClientOrganizationChanged"/>.
/// </summary>
public interface IClientOrganizationMembership
{
    /// <summary>Moves the cards into <paramref name="organizationId"/>, or out of any when null. Unknown ids are ignored.</summary>
    Task MoveAsync(IReadOnlyCollection<Guid> clientIds, Guid? organizationId, string actor, CancellationToken cancellationToken = default);

    /// <summary>Every card of the organization loses it (the organization was deleted).</summary>
    Task RemoveOrganizationAsync(Guid organizationId, string actor, CancellationToken cancellationToken = default);
}
