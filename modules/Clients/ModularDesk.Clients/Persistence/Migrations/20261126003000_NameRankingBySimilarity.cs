using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModularDesk.Clients.Persistence.Migrations
{
    /// <summary>
    /// Name candidates ranked by <c>similarity</c> of the whole name alone. Every candidate already has one of each
    /// query word's candidates, so <c>word_similarity</c> (the query's trigrams within the name) rated nearly all of
    /// them 1.0 — a tie broken by id, which could push the card named exactly as typed behind longer names containing
    /// it — and it was half of the ranking's cost (two trigram comparisons per candidate, up to 200 candidates per
    /// query). <c>similarity</c> rates the exact name 1.0 and shorter names first. The whole-name trigram fallback keeps
    /// both measures (its candidates come from either operator).
    /// </summary>
    [DbContext(typeof(ClientsDbContext))]
    [Migration("20261126003000_NameRankingBySimilarity")]
    internal sealed class NameRankingBySimilarity : Migration
    {
        /// <summary>The current <c>clients.search_names</c> (see <see cref="NameSearchFunction"/> for what each step does).</summary>
        public const string CreateSql = """
            CREATE OR REPLACE FUNCTION clients.search_names(p_query text, p_max_results integer, p_max_candidates integer)
            RETURNS TABLE (client_id uuid, client_name text, client_avatar_url text, client_organization_id uuid)
            LANGUAGE plpgsql STABLE
            SET plan_cache_mode = force_generic_plan
            AS $f$
            #variable_conflict use_column
            DECLARE
              v_needle text := clients.immutable_unaccent(lower(p_query));
              v_count integer := 0;
              v_loose boolean := false;
              v_s1 text[]; v_s2 text[]; v_s3 text[]; v_s4 text[];
              v_a1 text[]; v_a2 text[]; v_a3 text[]; v_a4 text[];
              v_pass integer;
              v_row record;
            BEGIN
              FOR v_row IN
                WITH candidates AS (
                  SELECT qw.i, x.word, max(x.score) AS score
                  FROM unnest(clients.name_words(p_query)) WITH ORDINALITY AS qw(w, i)
                  CROSS JOIN LATERAL (
                      SELECT d.word, 1.0::float8 AS score FROM clients.name_dictionary d WHERE d.word = qw.w
                      UNION ALL
                      SELECT v.word, 0.7 FROM clients.name_word_variants v
                      WHERE length(qw.w) >= 4 AND v.variant = ANY(clients.word_deletions(qw.w) || qw.w)
                      UNION ALL
                      SELECT d.word, 0.7 FROM clients.name_dictionary d
                      WHERE length(qw.w) >= 5 AND d.word = ANY(clients.word_deletions(qw.w))
                      UNION ALL
                      (SELECT d.word, 0.5 + 0.5 * length(qw.w)::float8 / length(d.word) FROM clients.name_dictionary d
                       WHERE length(qw.w) >= 3 AND d.word ^@ qw.w AND d.word <> qw.w
                       ORDER BY length(d.word), d.word
                       LIMIT 8)) x
                  WHERE qw.i <= 4
                  GROUP BY qw.i, x.word),
                best AS (SELECT i, max(score) AS score FROM candidates GROUP BY i)
                SELECT array_agg(c.word) FILTER (WHERE c.score >= 0.75 * b.score) AS strict_words, array_agg(c.word) AS all_words
                FROM candidates c JOIN best b ON b.i = c.i
                GROUP BY c.i
                ORDER BY c.i
              LOOP
                v_count := v_count + 1;
                v_loose := v_loose OR cardinality(v_row.all_words) > cardinality(v_row.strict_words);
                CASE v_count
                  WHEN 1 THEN v_s1 := v_row.strict_words; v_a1 := v_row.all_words;
                  WHEN 2 THEN v_s2 := v_row.strict_words; v_a2 := v_row.all_words;
                  WHEN 3 THEN v_s3 := v_row.strict_words; v_a3 := v_row.all_words;
                  ELSE v_s4 := v_row.strict_words; v_a4 := v_row.all_words;
                END CASE;
              END LOOP;

              IF v_count = 0 THEN
                -- No query word is near a name word (e.g. words run together): whole-name trigrams.
                RETURN QUERY
                  SELECT c.id, c.name::text, c.avatar_url::text, c.organization_id
                  FROM clients.clients c
                  WHERE (c.search_name % v_needle OR c.search_name %> v_needle) AND NOT c.hidden
                  ORDER BY greatest(similarity(c.search_name, v_needle), word_similarity(v_needle, c.search_name)) DESC, c.id
                  LIMIT p_max_results;
                RETURN;
              END IF;

              FOR v_pass IN 1..2 LOOP
                IF v_pass = 2 THEN
                  IF NOT v_loose THEN
                    RETURN;
                  END IF;
                  v_s1 := v_a1; v_s2 := v_a2; v_s3 := v_a3; v_s4 := v_a4;
                END IF;

                v_s2 := coalesce(v_s2, v_s1); v_s3 := coalesce(v_s3, v_s1); v_s4 := coalesce(v_s4, v_s1);
                RETURN QUERY
                  SELECT c.id, c.name::text, c.avatar_url::text, c.organization_id
                  FROM (SELECT c.id, c.name, c.avatar_url, c.organization_id, c.search_name
                        FROM clients.clients c
                        WHERE c.search_words && v_s1 AND c.search_words && v_s2 AND c.search_words && v_s3
                          AND c.search_words && v_s4 AND NOT c.hidden
                        LIMIT p_max_candidates) c
                  ORDER BY similarity(c.search_name, v_needle) DESC, c.id
                  LIMIT p_max_results;
                IF FOUND THEN
                  RETURN;
                END IF;
              END LOOP;
            END
            $f$;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(CreateSql);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(NameSearchFunction.CreateSql);
    }
}
