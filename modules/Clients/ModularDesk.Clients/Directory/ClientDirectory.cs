using Microsoft.EntityFrameworkCore;
using ModularDesk.Clients.Cards;
using ModularDesk.Clients.Contracts.Directory;
using ModularDesk.Clients.Persistence;

namespace ModularDesk.Clients.Directory;

/// <summary>What other modules read about cards (<see cref="IClientDirectory"/>); read-only, untracked, no N+1.</summary>
internal sealed class ClientDirectory(ClientsDbContext db) : IClientDirectory
{
    public async Task<ClientSummary?> FindAsync(Guid clientId, CancellationToken cancellationToken = default) =>
        (await FindManyAsync([clientId], cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<ClientSummary>> FindManyAsync(IReadOnlyCollection<Guid> clientIds, CancellationToken cancellationToken = default)
    {
        if (clientIds.Count == 0)
        {
            return [];
        }

        var ids = clientIds.Distinct().ToList();
        return await LoadAsync(db.Cards.Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id), cancellationToken);
    }

    public async Task<IReadOnlyList<Guid>> ListIdsInOrganizationAsync(Guid organizationId, CancellationToken cancellationToken = default) =>
        await db.Cards.AsNoTracking().Where(c => c.OrganizationId == organizationId).OrderBy(c => c.Id).Select(c => c.Id)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ClientSummary>> ListInOrganizationAsync(
        Guid organizationId, Guid? afterId, int limit, CancellationToken cancellationToken = default)
    {
        var query = db.Cards.Where(c => c.OrganizationId == organizationId);
        if (afterId is { } after)
        {
            query = query.Where(c => c.Id.CompareTo(after) > 0);
        }

        return await LoadAsync(query.OrderBy(c => c.Id).Take(Math.Clamp(limit, 1, 1000)), cancellationToken);
    }

    public async Task<IReadOnlyList<ClientSummary>> ListWithEmailDomainAsync(string domain, int limit, CancellationToken cancellationToken = default)
    {
        domain = domain.Trim().TrimStart('@').ToLowerInvariant();

        // split_part(key, '@', 2) is exactly the expression of ix_identities_email_domain.
        var ids = await db.Database
            .SqlQuery<Guid>($"""
                SELECT DISTINCT client_id AS "Value" FROM clients.identities
                WHERE kind = 'email' AND split_part(key, '@', 2) = {domain}
                LIMIT {Math.Clamp(limit, 1, 10_000)}
                """)
            .ToListAsync(cancellationToken);
        return await FindManyAsync(ids, cancellationToken);
    }

    private static async Task<IReadOnlyList<ClientSummary>> LoadAsync(IQueryable<ClientCard> query, CancellationToken cancellationToken)
    {
        var cards = await query.AsNoTracking().Include(c => c.Contacts).AsSplitQuery().ToListAsync(cancellationToken);
        return cards.Select(ToSummary).ToList();
    }

    public static ClientSummary ToSummary(ClientCard card) => new(
        card.Id,
        card.Name,
        card.AvatarUrl,
        card.Language,
        card.OrganizationId,
        card.IsVip,
        card.IsSpammer,
        card.Hidden,
        card.Note,
        card.CustomerType,
        card.Contacts.OrderBy(c => c.Seq)
            .Select(c => new ClientContact(c.Id, c.Kind, c.Value, c.Display, c.Label, c.Source))
            .ToList());
}
