using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.Clients.Cards;
using ModularDesk.Clients.Contracts.Directory;
using ModularDesk.Clients.Persistence;

namespace ModularDesk.Clients.Directory;

/// <summary>
/// The organization field as the Organizations module changes it (O3, O4, delete): each card that actually moves
/// publishes <c>ClientOrganizationChanged</c> and <c>ClientCardChanged</c> in the same transaction.
/// </summary>
internal sealed class ClientOrganizationMembership(ClientsDbContext db, TimeProvider clock) : IClientOrganizationMembership
{
    private const int BatchSize = 500;

    public async Task MoveAsync(IReadOnlyCollection<Guid> clientIds, Guid? organizationId, string actor, CancellationToken cancellationToken = default)
    {
        var ids = clientIds.Distinct().ToList();
        for (var i = 0; i < ids.Count; i += BatchSize)
        {
            var batch = ids.Skip(i).Take(BatchSize).ToList();
            await ApplyAsync(db.Cards.Where(c => batch.Contains(c.Id) && c.OrganizationId != organizationId), organizationId, actor, cancellationToken);
        }
    }

    public async Task RemoveOrganizationAsync(Guid organizationId, string actor, CancellationToken cancellationToken = default)
    {
        while (await ApplyAsync(
                   db.Cards.Where(c => c.OrganizationId == organizationId).OrderBy(c => c.Id).Take(BatchSize), null, actor, cancellationToken) == BatchSize)
        {
        }
    }

    private async Task<int> ApplyAsync(IQueryable<ClientCard> cards, Guid? organizationId, string actor, CancellationToken cancellationToken)
    {
        var rows = await cards.ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return 0;
        }

        var context = new EditContext(Sources.System, ActorFrom(actor), clock.GetUtcNow());
        foreach (var card in rows)
        {
            var edit = new CardEdit();
            CardEditor.SetOrganization(card, organizationId, context, edit);
            card.UpdatedAt = context.At;
            CardEvents.PublishEdit(db, card, edit, context);
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return rows.Count;
    }

    /// <summary><c>agent:&lt;id&gt;</c> names an agent; anything else is shown as a system actor with that name.</summary>
    private static ChangeActor ActorFrom(string actor) =>
        actor.StartsWith("agent:", StringComparison.Ordinal) && Guid.TryParse(actor["agent:".Length..], out var agentId)
            ? new ChangeActor("agent", agentId, actor)
            : new ChangeActor("system", null, string.IsNullOrWhiteSpace(actor) ? "organizations" : actor);
}
