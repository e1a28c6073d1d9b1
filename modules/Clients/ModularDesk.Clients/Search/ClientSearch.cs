using System.Text.RegularExpressions;
using ModularDesk.Clients.Contracts.Ports;
using ModularDesk.Clients.Identities;
using Npgsql;

namespace ModularDesk.Clients.Search;

/// <summary>
/// C7: up to 20 best cards for a query, routed by the query's shape so every branch is one indexed lookup:
/// an email → the exact identity; digits → the phone's canonical key (and, without a country, the number's tail
/// through the reversed-key index); anything else → messenger/external ids exactly, names by trigram similarity on
/// the unaccented lower-case <c>search_name</c> (the column the GIN index covers), and organization names through
/// <see cref="IOrganizationLookup"/>. Hidden cards never appear.
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

    // The query's words (normalized like the cards' search_words, at most four), each with its candidate name words:
    // the word itself (1.0), words one typo away (0.7: a letter wrong, missing, extra or two swapped, found through
    // name_word_variants by the symmetric-deletion method) and up to eight words it begins (a name typed partly,
    // 0.5–1.0 by how much of the word was typed). Primary-key and prefix-index lookups only: ~1 ms for three words
    // against the benchmark's 150,000 name words (a trigram scan of the same dictionary took 15–60 ms).
    internal const string WordsSql = """
        SELECT q.i, x.word, max(x.score) AS score
        FROM unnest(clients.name_words(@q)) WITH ORDINALITY AS q(w, i)
        CROSS JOIN LATERAL (
            SELECT d.word, 1.0::float8 AS score FROM clients.name_dictionary d WHERE d.word = q.w
            UNION ALL
            SELECT v.word, 0.7 FROM clients.name_word_variants v
            WHERE length(q.w) >= 4 AND v.variant = ANY(clients.word_deletions(q.w) || q.w)
            UNION ALL
            SELECT d.word, 0.7 FROM clients.name_dictionary d
            WHERE length(q.w) >= 5 AND d.word = ANY(clients.word_deletions(q.w))
            UNION ALL
            (SELECT d.word, 0.5 + 0.5 * length(q.w)::float8 / length(d.word) FROM clients.name_dictionary d
             WHERE length(q.w) >= 3 AND d.word ^@ q.w AND d.word <> q.w
             ORDER BY length(d.word), d.word
             LIMIT 8)) x
        WHERE q.i <= 4
        GROUP BY q.i, x.word
        ORDER BY q.i, score DESC
        """;

    // Cards whose name has one of each query word's candidates (the GIN index on search_words intersects them), at
    // most NameCandidates of them, ranked by how close the whole name is. {0} = one "c.search_words && @wN" per word.
    internal const string NameWordsSql = """
        SELECT c.id, c.name, c.avatar_url, c.organization_id, 'name', c.name
        FROM (SELECT c.id, c.name, c.avatar_url, c.organization_id, c.search_name
              FROM clients.clients c
              WHERE {0} AND NOT c.hidden
              LIMIT @candidates) c
        ORDER BY greatest(similarity(c.search_name, clients.immutable_unaccent(lower(@q))),
                          word_similarity(clients.immutable_unaccent(lower(@q)), c.search_name)) DESC, c.id
        LIMIT @limit
        """;

    /// <summary>How many cards with the query's words are ranked at most (a very common first name alone matches tens of thousands).</summary>
    public const int NameCandidates = 200;

    /// <summary>
    /// A query word first keeps the candidates scoring at least this share of its best one (an exact word keeps out
    /// its one-typo neighbours: "anna" is not also "hanna"); when that finds no card, all its candidates are tried.
    /// </summary>
    public const double WordScoreShare = 0.75;

    // The fallback when no word of the query is near a dictionary word (e.g. words run together): whole-name
    // trigrams, search_name % q or search_name %> q, through the trigram GIN index on search_name.
    internal const string NameSql = """
        SELECT c.id, c.name, c.avatar_url, c.organization_id, 'name', c.name
        FROM clients.clients c
        WHERE (c.search_name % clients.immutable_unaccent(lower(@q)) OR c.search_name %> clients.immutable_unaccent(lower(@q)))
          AND NOT c.hidden
        ORDER BY greatest(similarity(c.search_name, clients.immutable_unaccent(lower(@q))),
                          word_similarity(clients.immutable_unaccent(lower(@q)), c.search_name)) DESC, c.id
        LIMIT @limit
        """;

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

            // The organization search runs on its own connection meanwhile; ids and name words share one round trip.
            var lookup = q.Length >= 3 ? organizations.FirstOrDefault() : null;
            var organizationSearch = lookup?.SearchByNameAsync(q, 5, cancellationToken);
            var (byIdentity, words) = await QueryIdentitiesAndWordsAsync(connection, q, keys.ToArray(), limit, withWords: q.Length >= 3, cancellationToken);
            hits.AddRange(byIdentity);
            if (q.Length >= 3)
            {
                var byName = words.Count == 0 ? null : await SearchNamesAsync(connection, q, words, limit, cancellationToken);
                hits.AddRange(byName ?? await QueryAsync(connection, NameSql, limit, cancellationToken, ("q", q)));
            }

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

    /// <summary>Cards by messenger/external/social id, and (when asked) each query word's name-dictionary candidates, in one round trip.</summary>
    private static async Task<(List<SearchHit> Hits, Dictionary<long, List<(string Word, double Score)>> Words)> QueryIdentitiesAndWordsAsync(
        NpgsqlConnection connection, string q, string[] keys, int limit, bool withWords, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        var identities = new NpgsqlBatchCommand(IdentitySql);
        identities.Parameters.AddWithValue("keys", keys);
        identities.Parameters.AddWithValue("kinds", new[] { ContactKinds.Messenger, ContactKinds.ExternalId, ContactKinds.Social });
        identities.Parameters.AddWithValue("limit", limit);
        batch.BatchCommands.Add(identities);
        if (withWords)
        {
            var words = new NpgsqlBatchCommand(WordsSql);
            words.Parameters.AddWithValue("q", q);
            batch.BatchCommands.Add(words);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var hits = await ReadHitsAsync(reader, cancellationToken);
        var candidates = new Dictionary<long, List<(string Word, double Score)>>();
        if (withWords && await reader.NextResultAsync(cancellationToken))
        {
            await ReadWordsAsync(reader, candidates, cancellationToken);
        }

        return (hits, candidates);
    }

    /// <summary>Cards by the words of their name (the query words' candidates, read before); null when none matched a name word.</summary>
    private static async Task<List<SearchHit>?> SearchNamesAsync(
        NpgsqlConnection connection, string q, Dictionary<long, List<(string Word, double Score)>> words, int limit, CancellationToken cancellationToken)
    {
        var strict = WordSets(words, strict: true);
        var (sql, parameters) = NameCardsQuery(q, strict);
        var hits = await QueryAsync(connection, sql, limit, cancellationToken, parameters);
        var all = WordSets(words, strict: false);
        if (hits.Count == 0 && all.Zip(strict).Any(p => p.First.Length > p.Second.Length))
        {
            (sql, parameters) = NameCardsQuery(q, all);
            hits = await QueryAsync(connection, sql, limit, cancellationToken, parameters);
        }

        return hits;
    }

    /// <summary>Each query word's candidates (index of the word → dictionary words with their scores, best first).</summary>
    internal static async Task<Dictionary<long, List<(string Word, double Score)>>> ReadWordsAsync(
        NpgsqlConnection connection, string q, CancellationToken cancellationToken)
    {
        var words = new Dictionary<long, List<(string Word, double Score)>>();
        await using var command = new NpgsqlCommand(WordsSql, connection);
        command.Parameters.AddWithValue("q", q);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await ReadWordsAsync(reader, words, cancellationToken);
        return words;
    }

    private static async Task ReadWordsAsync(NpgsqlDataReader reader, Dictionary<long, List<(string Word, double Score)>> words, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
            var i = reader.GetInt64(0);
            if (!words.TryGetValue(i, out var list))
            {
                words[i] = list = [];
            }

            list.Add((reader.GetString(1), reader.GetDouble(2)));
        }
    }

    /// <summary>The cards statement for these word sets (one <c>&amp;&amp;</c> condition each) and its parameters.</summary>
    internal static (string Sql, (string Name, object Value)[] Parameters) NameCardsQuery(string q, IReadOnlyList<string[]> wordSets)
    {
        var parameters = new List<(string Name, object Value)> { ("q", q), ("candidates", NameCandidates) };
        var conditions = new List<string>();
        foreach (var set in wordSets)
        {
            var name = "w" + conditions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            conditions.Add($"c.search_words && @{name}");
            parameters.Add((name, set));
        }

        return (string.Format(System.Globalization.CultureInfo.InvariantCulture, NameWordsSql, string.Join(" AND ", conditions)), [.. parameters]);
    }

    /// <summary>Per query word, the candidates kept: all of them, or (strict) those close to its best.</summary>
    internal static List<string[]> WordSets(Dictionary<long, List<(string Word, double Score)>> words, bool strict) =>
        words.OrderBy(w => w.Key)
            .Select(w => w.Value.Where(c => !strict || c.Score >= w.Value.Max(x => x.Score) * WordScoreShare).Select(c => c.Word).ToArray())
            .ToList();

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
