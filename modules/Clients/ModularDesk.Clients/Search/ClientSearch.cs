using System.Text.RegularExpressions;
using ModularDesk.Clients.Contracts.Ports;
using ModularDesk.Clients.Identities;
using Npgsql;

namespace ModularDesk.Clients.Search;

/// <summary>
/// C7: up to 20 best cards for a query, routed by the query's shape so every branch is one indexed lookup:
/// an email → the exact identity; digits → the phone's canonical key (and, without a country, the number's tail
/// through the reversed-key index); anything else → messenger/external ids exactly, names by their words
/// (<see cref="NamesSql"/>), and organization names through <see cref="IOrganizationLookup"/>. Hidden cards never appear.
/// </summary>
internal sealed partial class ClientSearch(NpgsqlDataSource dataSource, PhoneNumberReader phones, IEnumerable<IOrganizationLookup> organizations)
{
    public const int MaxResults = 20;

    // No ORDER BY in the identity statements: with "ORDER BY c.id LIMIT n" the planner may walk every identity in
    // client order hoping to stop early, and a query that finds nothing (or only a hidden card) then reads 2.3 million
    // rows (1.7 s on the benchmark's million cards). They return a handful of rows; C# orders them.
    internal const string IdentitySql = """
        SELECT c.id, c.name, c.avatar_url, c.organization_id, ct.kind, ct.display
        FROM clients.identities i
        JOIN clients.contacts ct ON ct.id = i.contact_id
        JOIN clients.clients c ON c.id = i.client_id
        WHERE i.key = ANY(@keys) AND i.kind = ANY(@kinds) AND NOT c.hidden
        LIMIT @limit
        """;

    internal const string PhoneTailSql = """
        SELECT c.id, c.name, c.avatar_url, c.organization_id, ct.kind, ct.display
        FROM clients.identities i
        JOIN clients.contacts ct ON ct.id = i.contact_id
        JOIN clients.clients c ON c.id = i.client_id
        WHERE i.kind = 'phone' AND reverse(i.key) LIKE @pattern AND NOT c.hidden
        LIMIT @limit
        """;

    /// <summary>
    /// Names by words, entirely server-side (<c>clients.search_names</c>, migration <c>NameSearchFunction</c>): each
    /// query word's dictionary candidates (itself, words one typo away, words it begins), the cards having one
    /// candidate of every query word (one GIN intersection on <c>search_words</c>), at most <see cref="NameCandidates"/>
    /// of them ranked by trigram similarity of the whole name (migration <c>NameRankingBySimilarity</c>); a query word
    /// first keeps the candidates scoring at least 0.75 × its best (an exact word keeps out its one-typo neighbours: "anna" is not also "hanna") and only when that
    /// finds no card are all its candidates tried; no query word near any name word → whole-name trigrams. One
    /// statement, generic plans cached per connection (no planning per query), sent in the id lookups' round trip.
    /// </summary>
    internal const string NamesSql = """
        SELECT n.client_id, n.client_name, n.client_avatar_url, n.client_organization_id, 'name', n.client_name
        FROM clients.search_names(@q, @limit, @candidates) n
        """;

    /// <summary>
    /// How many cards with the query's words are ranked at most (a very common first name alone matches tens of
    /// thousands). 100 was measured too: cheaper, but it lost a card on the benchmark ("Иван Евгений Иванов", crowded out
    /// by the many "Евгений Иванов" whose "иванов" stands for both "иван…" and "иванов").
    /// </summary>
    public const int NameCandidates = 200;

    private const string OrganizationMembersSql = """
        SELECT c.id, c.name, c.avatar_url, c.organization_id, 'organization', ''
        FROM clients.clients c
        WHERE c.organization_id = ANY(@organizations) AND NOT c.hidden
        ORDER BY c.id
        LIMIT @limit
        """;

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int limit, CancellationToken cancellationToken)
    {
        var q = query.Trim();
        limit = Math.Clamp(limit, 1, MaxResults);
        var hits = new List<SearchHit>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        if (q.Contains('@') && !q.StartsWith('@') && !q.Contains(' '))
        {
            hits.AddRange(await QueryAsync(connection, IdentitySql, limit, cancellationToken,
                ("keys", new[] { q.ToLowerInvariant() }), ("kinds", new[] { ContactKinds.Email })));
        }
        else if (PhoneLike().IsMatch(q) && q.Count(char.IsAsciiDigit) >= 6)
        {
            hits.AddRange(await SearchPhoneAsync(connection, q, limit, cancellationToken));
        }
        else
        {
            var keys = new List<string> { q };
            if (q.StartsWith('@') && q.Length > 1)
            {
                keys.Add(q[1..].ToLowerInvariant());
            }

            if (ContactNormalizer.ReadUrl(q, out _) is { } url && q.Contains('/'))
            {
                keys.Add(ContactNormalizer.SocialKey(url));
            }

            // The organization search runs on its own connection meanwhile; ids and names share one round trip.
            var lookup = q.Length >= 3 ? organizations.FirstOrDefault() : null;
            var organizationSearch = lookup?.SearchByNameAsync(q, 5, cancellationToken);
            hits.AddRange(await QueryIdentitiesAndNamesAsync(connection, q, keys.ToArray(), limit, withNames: q.Length >= 3, cancellationToken));

            if (lookup is not null && organizationSearch is not null)
            {
                var organizationIds = await organizationSearch;
                if (organizationIds.Count > 0)
                {
                    var names = await lookup.GetNamesAsync(organizationIds, cancellationToken);
                    var members = await QueryAsync(connection, OrganizationMembersSql, limit, cancellationToken, ("organizations", organizationIds.ToArray()));

                    // Best organization first, as the lookup ranked them.
                    hits.AddRange(members
                        .OrderBy(m => IndexOf(organizationIds, m.OrganizationId))
                        .Select(m => m with { MatchedValue = m.OrganizationId is { } o && names.TryGetValue(o, out var n) ? n : "" }));
                }
            }
        }

        return hits.DistinctBy(h => h.ClientId).Take(limit).ToList();
    }

    /// <summary>Cards by messenger/external/social id and (when asked) by name, in one round trip; ids first.</summary>
    private static async Task<List<SearchHit>> QueryIdentitiesAndNamesAsync(
        NpgsqlConnection connection, string q, string[] keys, int limit, bool withNames, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        var identities = new NpgsqlBatchCommand(IdentitySql);
        identities.Parameters.AddWithValue("keys", keys);
        identities.Parameters.AddWithValue("kinds", IdKinds);
        identities.Parameters.AddWithValue("limit", limit);
        batch.BatchCommands.Add(identities);
        if (withNames)
        {
            var names = new NpgsqlBatchCommand(NamesSql);
            names.Parameters.AddWithValue("q", q);
            names.Parameters.AddWithValue("limit", limit);
            names.Parameters.AddWithValue("candidates", NameCandidates);
            batch.BatchCommands.Add(names);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var hits = await ReadHitsAsync(reader, cancellationToken);
        if (withNames && await reader.NextResultAsync(cancellationToken))
        {
            hits.AddRange(await ReadHitsAsync(reader, cancellationToken));
        }

        return hits;
    }

    private static readonly string[] IdKinds = [ContactKinds.Messenger, ContactKinds.ExternalId, ContactKinds.Social];

    private async Task<IReadOnlyList<SearchHit>> SearchPhoneAsync(NpgsqlConnection connection, string q, int limit, CancellationToken cancellationToken)
    {
        var digits = new string(q.Where(char.IsAsciiDigit).ToArray());
        var keys = new List<string>();
        foreach (var candidate in new[] { q, q.TrimStart().StartsWith('+') || q.StartsWith("00", StringComparison.Ordinal) ? null : "+" + digits })
        {
            if (candidate is not null && phones.Read(candidate) is { Ok: true } read)
            {
                keys.Add(read.Key!);
            }
        }

        var hits = new List<SearchHit>();
        if (keys.Count > 0)
        {
            hits.AddRange(await QueryAsync(connection, IdentitySql, limit, cancellationToken,
                ("keys", keys.Distinct().ToArray()), ("kinds", new[] { ContactKinds.Phone })));
        }

        // Numeric messenger ids (Telegram user ids, WhatsApp ids) and external ids look like phone numbers too.
        hits.AddRange(await QueryAsync(connection, IdentitySql, limit, cancellationToken,
            ("keys", new[] { q, digits, "+" + digits }.Distinct().ToArray()), ("kinds", new[] { ContactKinds.Messenger, ContactKinds.ExternalId })));

        // A number typed without its country, or with a national trunk prefix (0, Russia's 8) or Brazil's extra 9:
        // match on the number's last eight digits (all of them when fewer were typed), closest tails first.
        var tail = digits.TrimStart('0');
        if (hits.Count < limit && tail.Length >= 6)
        {
            var matched = tail.Length > PhoneTailDigits ? tail[^PhoneTailDigits..] : tail;
            var reversed = new string(matched.Reverse().ToArray());
            var tails = await QueryAsync(connection, PhoneTailSql, limit, cancellationToken, ("pattern", reversed + "%"));
            hits.AddRange(tails.OrderByDescending(h => CommonTailLength(h.MatchedValue, digits)));
        }

        return hits;
    }

    /// <summary>How many trailing digits of a number typed without its country must match a stored number.</summary>
    public const int PhoneTailDigits = 8;

    private static int CommonTailLength(string display, string typedDigits)
    {
        var stored = new string(display.Where(char.IsAsciiDigit).ToArray());
        var n = 0;
        while (n < stored.Length && n < typedDigits.Length && stored[^(n + 1)] == typedDigits[^(n + 1)])
        {
            n++;
        }

        return n;
    }

    private static int IndexOf(IReadOnlyList<Guid> ids, Guid? id)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] == id)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private static async Task<List<SearchHit>> QueryAsync(
        NpgsqlConnection connection, string sql, int limit, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("limit", limit);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadHitsAsync(reader, cancellationToken);
    }

    private static async Task<List<SearchHit>> ReadHitsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var hits = new List<SearchHit>();
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new SearchHit(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.GetString(4),
                reader.GetString(5)));
        }

        return hits;
    }

    [GeneratedRegex(@"^\+?[\d\s().\-/]+$")]
    private static partial Regex PhoneLike();
}

/// <summary>One card found, and what matched: <c>email</c>, <c>phone</c>, <c>messenger</c>, <c>externalId</c>, <c>social</c>, <c>name</c> or <c>organization</c>.</summary>
internal sealed record SearchHit(Guid ClientId, string Name, string? AvatarUrl, Guid? OrganizationId, string MatchedField, string MatchedValue);
