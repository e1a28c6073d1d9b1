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

    /// <remarks>
    /// The endpoint that deleted the organization and the handler of its <c>OrganizationDeleted</c> both call this, and
    /// may do so at the same moment: when the other one saved a card first (its version moved), the cards still in the
    /// organization are read again — the ones the other already detached no longer are.
    /// </remarks>
    public async Task RemoveOrganizationAsync(Guid organizationId, string actor, CancellationToken cancellationToken = default)
    {
        const int attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                while (await ApplyAsync(
                           db.Cards.Where(c => c.OrganizationId == organizationId).OrderBy(c => c.Id).Take(BatchSize), null, actor, cancellationToken) == BatchSize)
                {
                }

                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < attempts)
            {
                db.ChangeTracker.Clear();
            }
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
