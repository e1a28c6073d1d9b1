using ModularDesk.BuildingBlocks.Outbox;
using ModularDesk.Clients.Contracts.Directory;
using ModularDesk.Organizations.Contracts.Events;

namespace ModularDesk.Organizations.Members;

/// <summary>
/// The durable half of deleting an organization: the endpoint detaches its people right after the delete commits,
/// and this handler of the (outboxed) <see cref="OrganizationDeleted"/> does it again, so a host dying between the
/// two leaves nobody in a deleted organization. Removing an organization nobody has left is a no-op, so no mark is needed.
/// </summary>
internal sealed class DeletedOrganizationLeavesItsPeople(IClientOrganizationMembership membership) : IIntegrationEventHandler<OrganizationDeleted>
{
    public Task HandleAsync(OrganizationDeleted integrationEvent, CancellationToken cancellationToken) =>
        membership.RemoveOrganizationAsync(integrationEvent.OrganizationId, integrationEvent.Actor.Name, cancellationToken);
}
