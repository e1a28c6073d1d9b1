using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModularDesk.Clients.Persistence.Migrations
{
    /// <summary>
    /// Typo'd name words without a trigram scan. The benchmark's million cards have 150,000 distinct name words, and a
    /// trigram query over that dictionary still cost 15–60 ms per query word (common trigrams again); pg_trgm also
    /// rates a swapped pair of letters poorly ("beniot" is 0.27 from "benoit"). So the dictionary keeps, for every
    /// word of four letters or more, the word with each one letter deleted (<c>name_word_variants</c>, the
    /// symmetric-deletion method): a query word and a dictionary word one typo apart (a letter wrong, missing, extra,
    /// or two neighbours swapped) share a variant, found by primary-key lookups. The trigger now fills the variants of
    /// each new word too; the trigram index on the dictionary goes (nothing uses it).
    /// </summary>
    [DbContext(typeof(ClientsDbContext))]
    [Migration("20261125194500_NameWordVariants")]
    internal sealed class NameWordVariants : Migration
    {
        /// <summary>Every dictionary word's one-deletion variants (also run by bulk loads after filling the dictionary).</summary>
        public const string FillVariantsSql = """
            INSERT INTO clients.name_word_variants (variant, word)
            SELECT DISTINCT v, d.word FROM clients.name_dictionary d, unnest(clients.word_deletions(d.word)) AS v
            WHERE length(d.word) >= 4
            ON CONFLICT DO NOTHING;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION clients.word_deletions(text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $f$
                  SELECT coalesce(array_agg(DISTINCT overlay($1 placing '' from i for 1)), '{}')
                  FROM generate_series(1, length($1)) AS i
                $f$;
                """);
            migrationBuilder.Sql("""
                CREATE TABLE clients.name_word_variants (
                  variant text NOT NULL,
                  word text NOT NULL,
                  CONSTRAINT pk_name_word_variants PRIMARY KEY (variant, word));
                """);
            migrationBuilder.Sql(FillVariantsSql);
            migrationBuilder.Sql("DROP INDEX IF EXISTS clients.ix_name_dictionary_word_trgm;");
            migrationBuilder.Sql("CREATE INDEX ix_name_dictionary_word_prefix ON clients.name_dictionary USING spgist (word);");
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION clients.remember_name_words() RETURNS trigger LANGUAGE plpgsql AS $f$
                BEGIN
                  -- Sorted, so two transactions adding the same new words wait for each other instead of deadlocking.
                  WITH added AS (
                      INSERT INTO clients.name_dictionary (word)
                      SELECT DISTINCT w FROM unnest(NEW.search_words) AS w ORDER BY w
                      ON CONFLICT DO NOTHING
                      RETURNING word)
                  INSERT INTO clients.name_word_variants (variant, word)
                  SELECT DISTINCT v, a.word FROM added a, unnest(clients.word_deletions(a.word)) AS v
                  WHERE length(a.word) >= 4
                  ORDER BY 1, 2
                  ON CONFLICT DO NOTHING;
                  RETURN NULL;
                END
                $f$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION clients.remember_name_words() RETURNS trigger LANGUAGE plpgsql AS $f$
                BEGIN
                  INSERT INTO clients.name_dictionary (word)
                  SELECT DISTINCT w FROM unnest(NEW.search_words) AS w ORDER BY w
                  ON CONFLICT DO NOTHING;
                  RETURN NULL;
                END
                $f$;
                """);
            migrationBuilder.Sql("DROP INDEX IF EXISTS clients.ix_name_dictionary_word_prefix;");
            migrationBuilder.Sql("CREATE INDEX ix_name_dictionary_word_trgm ON clients.name_dictionary USING gin (word gin_trgm_ops);");
            migrationBuilder.Sql("DROP TABLE IF EXISTS clients.name_word_variants;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS clients.word_deletions(text);");
        }
    }
}
