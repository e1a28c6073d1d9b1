using Microsoft.EntityFrameworkCore;
using ModularDesk.Organizations.Domains;
using ModularDesk.Organizations.Persistence;

namespace ModularDesk.Organizations.Cards;

/// <summary>
/// Name search (typo- and accent-tolerant): substring or word similarity on the indexed search key, plus an exact
/// domain match; best first. Queries shorter than three characters are prefix matches (a trigram needs three).
/// </summary>
internal static class OrganizationSearch
{
    public static async Task<List<Guid>> SearchAsync(OrganizationsDbContext db, string query, int limit, CancellationToken cancellationToken)
    {
        var key = OrganizationRules.SearchKey(query);
        if (key.Length == 0)
        {
            return [];
        }

        var escaped = key.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
        var domain = DomainName.Normalize(query) ?? "";
        if (key.Length < 3)
        {
            var prefix = escaped + "%";
            return await db.Database.SqlQuery<Guid>(
                    $"""
                     SELECT o.id AS "Value" FROM organizations.organizations o
                     WHERE o.search_name LIKE {prefix}
                     ORDER BY o.search_name, o.id
                     LIMIT {limit}
                     """)
                .ToListAsync(cancellationToken);
        }

        var contains = "%" + escaped + "%";
        return await db.Database.SqlQuery<Guid>(
                $"""
                 SELECT o.id AS "Value" FROM organizations.organizations o
                 WHERE o.search_name LIKE {contains}
                    OR {key} <% o.search_name
                    OR o.id IN (SELECT d.organization_id FROM organizations.organization_domains d WHERE d.domain = {domain})
                 ORDER BY (o.search_name = {key}) DESC, word_similarity({key}, o.search_name) DESC, o.id
                 LIMIT {limit}
                 """)
            .ToListAsync(cancellationToken);
    }
}
