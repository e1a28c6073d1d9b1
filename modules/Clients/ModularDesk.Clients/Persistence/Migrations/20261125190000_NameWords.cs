using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModularDesk.Clients.Persistence.Migrations
{
    /// <summary>
    /// Name search by words (C7) on a million cards: the trigram index over whole names answers a typo'd name in tens of
    /// milliseconds (common trigrams such as " ko" or "an " have posting lists of hundreds of thousands of cards). Instead,
    /// each card keeps its name's words (<c>search_words</c>, unaccented, lower-case, a stored generated column with a
    /// GIN index) and the module keeps the dictionary of all name words (<c>name_dictionary</c>, a few tens of thousands
    /// of rows with a trigram index). A query word is widened to its closest dictionary words (typos, prefixes), and the
    /// cards are found by the GIN index as an intersection of those word sets (any word order). The dictionary is filled
    /// by a trigger, so every path that writes a name (API, resolver, import, merge, undo) keeps it complete; words are
    /// never removed (a stale word matches no card and costs nothing). Not in the EF model: no entity reads them.
    /// </summary>
    [DbContext(typeof(ClientsDbContext))]
    [Migration("20261125190000_NameWords")]
    internal sealed class NameWords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION clients.name_words(text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $f$
                  SELECT array_remove(
                    regexp_split_to_array(clients.immutable_unaccent(lower(translate($1, '''’`´', ''))), '[\s\-.,;:()/"_@&+!?*#]+'),
                    '')
                $f$;
                """);
            migrationBuilder.Sql("ALTER TABLE clients.clients ADD COLUMN search_words text[] GENERATED ALWAYS AS (clients.name_words(name)) STORED;");
            migrationBuilder.Sql("CREATE INDEX ix_clients_search_words ON clients.clients USING gin (search_words);");
            migrationBuilder.Sql("CREATE TABLE clients.name_dictionary (word text NOT NULL, CONSTRAINT pk_name_dictionary PRIMARY KEY (word));");
            migrationBuilder.Sql("CREATE INDEX ix_name_dictionary_word_trgm ON clients.name_dictionary USING gin (word gin_trgm_ops);");
            migrationBuilder.Sql(FillDictionarySql);
            migrationBuilder.Sql("""
                CREATE FUNCTION clients.remember_name_words() RETURNS trigger LANGUAGE plpgsql AS $f$
                BEGIN
                  -- Sorted, so two transactions adding the same new words wait for each other instead of deadlocking.
                  INSERT INTO clients.name_dictionary (word)
                  SELECT DISTINCT w FROM unnest(NEW.search_words) AS w ORDER BY w
                  ON CONFLICT DO NOTHING;
                  RETURN NULL;
                END
                $f$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER tr_clients_name_words AFTER INSERT OR UPDATE OF name ON clients.clients
                FOR EACH ROW EXECUTE FUNCTION clients.remember_name_words();
                """);
        }

        /// <summary>Every word of every card's name into the dictionary (also what a bulk load runs after COPY).</summary>
        public const string FillDictionarySql = """
            INSERT INTO clients.name_dictionary (word)
            SELECT DISTINCT w FROM clients.clients, unnest(search_words) AS w
            ON CONFLICT DO NOTHING;
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS tr_clients_name_words ON clients.clients;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS clients.remember_name_words();");
            migrationBuilder.Sql("DROP TABLE IF EXISTS clients.name_dictionary;");
            migrationBuilder.Sql("ALTER TABLE clients.clients DROP COLUMN IF EXISTS search_words;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS clients.name_words(text);");
        }
    }
}
