using Microsoft.EntityFrameworkCore;
using ModularDesk.Organizations.Contracts.Directory;
using ModularDesk.Organizations.Persistence;

namespace ModularDesk.Organizations.Cards;

internal sealed class OrganizationDirectory(OrganizationsDbContext db) : IOrganizationDirectory
{
    public async Task<OrganizationSummary?> FindAsync(Guid organizationId, CancellationToken cancellationToken = default) =>
        (await FindManyAsync([organizationId], cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<OrganizationSummary>> FindManyAsync(
        IReadOnlyCollection<Guid> organizationIds, CancellationToken cancellationToken = default)
    {
        if (organizationIds.Count == 0)
        {
            return [];
        }

        var ids = organizationIds.Distinct().ToList();
        var rows = await db.Organizations.AsNoTracking().Include(o => o.Domains).Where(o => ids.Contains(o.Id))
            .OrderBy(o => o.Id).AsSplitQuery().ToListAsync(cancellationToken);
        return rows.Select(o => new OrganizationSummary(
                o.Id, o.Name, o.Domains.Select(d => d.Domain).Order(StringComparer.Ordinal).ToList(), o.IsVip, o.Note, o.OwnerAgentId))
            .ToList();
    }
}
