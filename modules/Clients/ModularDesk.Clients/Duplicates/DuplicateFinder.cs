using Hangfire;
using Microsoft.EntityFrameworkCore;
using ModularDesk.Clients.Persistence;

namespace ModularDesk.Clients.Duplicates;

/// <summary>
/// The recurring job behind the duplicates queue (C15). One SQL statement finds pairs of visible cards that share a
/// phone written differently (same last nine digits across phones and phone-like messenger ids), have the same
/// normalized name in the same organization, the same email local part at a related domain (acme.pl / acme.com /
/// mail.acme.pl; role addresses like info@ excluded), or similar names (pg_trgm similarity ≥ 0.6), and replaces the
/// suggestions with them, leaving out dismissed pairs. Idempotent: running twice gives the same table.
/// </summary>
internal sealed class DuplicateFinder(ClientsDbContext db, TimeProvider clock)
{
    public const string JobId = "clients:duplicate-suggestions";
    public const int MaxSuggestions = 10_000;

    /// <summary>pg_trgm similarity from which two names count as similar (set per run with <c>SET LOCAL</c>).</summary>
    public const double SimilarNameThreshold = 0.6;

    private const string Sql =
        """
        WITH visible AS (
            SELECT id, search_name, organization_id FROM clients.clients WHERE NOT hidden
        ),
        phones AS (
            SELECT DISTINCT c.client_id, right(regexp_replace(c.value, '\D', '', 'g'), 9) AS tail
            FROM clients.contacts c JOIN visible v ON v.id = c.client_id
            WHERE (c.kind = 'phone' OR (c.kind = 'messenger' AND c.value ~ '^\+?[0-9 ().-]+$'))
              AND length(regexp_replace(c.value, '\D', '', 'g')) >= 9
        ),
        emails AS (
            SELECT DISTINCT c.client_id,
                   lower(split_part(c.value, '@', 1)) AS local,
                   lower(split_part(c.value, '@', 2)) AS domain,
                   substring(lower(split_part(c.value, '@', 2)) from '([^.]+)\.(?:(?:co|com|org|net|gov|ac|edu)\.)?[^.]+$') AS root
            FROM clients.contacts c JOIN visible v ON v.id = c.client_id
            WHERE c.kind = 'email'
              AND lower(split_part(c.value, '@', 1)) NOT IN
                  ('info', 'admin', 'contact', 'support', 'office', 'sales', 'hello', 'mail', 'noreply', 'no-reply', 'team', 'billing')
        ),
        pairs AS (
            SELECT a.client_id AS a, b.client_id AS b, 'samePhone' AS reason, 0.9::float8 AS score
            FROM phones a JOIN phones b ON a.tail = b.tail AND a.client_id < b.client_id
            UNION ALL
            SELECT a.id, b.id, 'sameNameInOrganization', 0.85
            FROM visible a JOIN visible b
              ON a.organization_id = b.organization_id AND a.search_name = b.search_name AND a.id < b.id
            WHERE a.search_name <> ''
            UNION ALL
            SELECT a.client_id, b.client_id, 'sameEmailLocalPart', 0.7
            FROM emails a JOIN emails b
              ON a.local = b.local AND a.root = b.root AND a.domain <> b.domain AND a.client_id < b.client_id
            UNION ALL
            SELECT a.id, b.id, 'similarName', 0.8 * similarity(a.search_name, b.search_name)
            FROM visible a JOIN visible b ON a.search_name % b.search_name AND a.id < b.id
            WHERE length(a.search_name) >= 5
        ),
        scored AS (
            SELECT a, b, array_agg(DISTINCT reason ORDER BY reason) AS reasons,
                   least(1.0, max(score) + 0.05 * (count(DISTINCT reason) - 1)) AS score
            FROM pairs p
            WHERE NOT EXISTS (SELECT 1 FROM clients.dismissed_duplicates d WHERE d.client_a = p.a AND d.client_b = p.b)
            GROUP BY a, b
        )
        INSERT INTO clients.duplicate_suggestions (client_a, client_b, reasons, score, found_at)
        SELECT a, b, reasons, score, @found_at FROM scored ORDER BY score DESC, a, b LIMIT @max
        """;

    [Queue("bulk")]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task FindAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("SET LOCAL pg_trgm.similarity_threshold = 0.6", cancellationToken);
        await db.Set<DuplicateSuggestion>().ExecuteDeleteAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(
            Sql,
            [new Npgsql.NpgsqlParameter("found_at", clock.GetUtcNow()), new Npgsql.NpgsqlParameter("max", MaxSuggestions)],
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
