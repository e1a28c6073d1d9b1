using Microsoft.EntityFrameworkCore;
using ModularDesk.Clients.Contracts.Ports;
using ModularDesk.Organizations.Cards;
using ModularDesk.Organizations.Persistence;
using ModularDesk.Organizations.Settings;
using Npgsql;

namespace ModularDesk.Organizations.Domains;

/// <summary>
/// The Clients module's port (O2): which organization an email's domain belongs to, creating it when the domain
/// is new, not free mail, and auto-creation is on. On the ingestion hot path: settings come from a short cache and
/// a known domain costs one primary-key lookup. Two new clients of one new domain at once create one organization:
/// the domain's primary key decides (<c>INSERT … ON CONFLICT DO NOTHING</c>), the loser rolls back its organization.
/// </summary>
internal sealed class OrganizationLookup(
    OrganizationsDbContext db, NpgsqlDataSource dataSource, SettingsStore settings, TimeProvider clock) : IOrganizationLookup
{
    public async Task<Guid?> ResolveForEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        var domain = DomainName.OfEmail(email);
        if (domain is null)
        {
            return null;
        }

        var current = await settings.GetOrganizationSettingsAsync(cancellationToken);
        if (current.IsFreeMail(domain))
        {
            return null;
        }

        if (await FindByDomainAsync(domain, cancellationToken) is { } known)
        {
            return known;
        }

        return current.AutoCreateFromEmailDomain ? await CreateForDomainAsync(domain, cancellationToken) : null;
    }

    public async Task<IReadOnlyDictionary<Guid, string>> GetNamesAsync(
        IReadOnlyCollection<Guid> organizationIds, CancellationToken cancellationToken = default)
    {
        if (organizationIds.Count == 0)
        {
            return new Dictionary<Guid, string>();
        }

        var ids = organizationIds.Distinct().ToList();
        return await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
    }

    public async Task<IReadOnlyList<Guid>> SearchByNameAsync(string query, int limit, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(query)
            ? []
            : await OrganizationSearch.SearchAsync(db, query, Math.Clamp(limit, 1, 200), cancellationToken);

    private async Task<Guid?> FindByDomainAsync(string domain, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT organization_id FROM {OrganizationsDbContext.SchemaName}.organization_domains WHERE domain = $1");
        command.Parameters.AddWithValue(domain);
        return await command.ExecuteScalarAsync(cancellationToken) is Guid id ? id : null;
    }

    private async Task<Guid?> CreateForDomainAsync(string domain, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var organization = new Organization { Id = Guid.CreateVersion7(), Automatic = true, CreatedAt = now, UpdatedAt = now };
        var values = new CardValues(domain, [domain], null, null, false, null, [], [], null, []);
        CardDocument.Apply(values, organization);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Organizations.Add(organization);
        CardEvents.Created(db, organization, values, automatic: true, Actors.AutoCreate);
        await db.SaveChangesAsync(cancellationToken);
        // Waits for a concurrent creator's uncommitted row of the same domain, then either claims the domain or not.
        var claimed = await db.Database.SqlQuery<Guid>(
                $"""
                 INSERT INTO organizations.organization_domains (domain, organization_id, added_at)
                 VALUES ({domain}, {organization.Id}, {now})
                 ON CONFLICT (domain) DO NOTHING
                 RETURNING organization_id AS "Value"
                 """)
            .ToListAsync(cancellationToken);
        if (claimed.Count == 1)
        {
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return organization.Id;
        }

        await transaction.RollbackAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return await FindByDomainAsync(domain, cancellationToken);
    }
}
