using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModularDesk.Clients.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class ClientCards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Both extensions ship with the server. The unaccent wrapper is IMMUTABLE (unaccent itself is only STABLE)
            // so the generated search_name column and its trigram index may use it; it names the extension's schema
            // explicitly, wherever the extension lives.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS unaccent;");
            migrationBuilder.Sql("""
                DO $do$
                DECLARE s text;
                BEGIN
                  SELECT n.nspname INTO s FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent';
                  EXECUTE format(
                    'CREATE OR REPLACE FUNCTION clients.immutable_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $f$ SELECT %I.unaccent(%L::regdictionary, $1) $f$',
                    s, s || '.unaccent');
                END
                $do$;
                """);

            migrationBuilder.CreateTable(
                name: "clients",
                schema: "clients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    search_name = table.Column<string>(type: "text", nullable: true, computedColumnSql: "clients.immutable_unaccent(lower(name))", stored: true),
                    avatar_url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    language = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    position = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    note = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    is_spammer = table.Column<bool>(type: "boolean", nullable: false),
                    is_vip = table.Column<bool>(type: "boolean", nullable: false),
                    customer_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    owner_agent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    hidden = table.Column<bool>(type: "boolean", nullable: false),
                    addresses = table.Column<string>(type: "jsonb", nullable: false),
                    custom_fields = table.Column<string>(type: "jsonb", nullable: false),
                    provenance = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clients", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sender_rules",
                schema: "clients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    list = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    value = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sender_rules", x => x.id);
                    table.CheckConstraint("ck_sender_rules_list", "list IN ('block', 'allow')");
                });

            migrationBuilder.CreateTable(
                name: "contacts",
                schema: "clients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    value = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    display = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    source_channel_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contacts", x => x.id);
                    table.ForeignKey(
                        name: "fk_contacts_clients_client_id",
                        column: x => x.client_id,
                        principalSchema: "clients",
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "identities",
                schema: "clients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    contact_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    scope = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    key = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_identities", x => x.id);
                    table.ForeignKey(
                        name: "fk_identities_clients_client_id",
                        column: x => x.client_id,
                        principalSchema: "clients",
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_identities_contacts_contact_id",
                        column: x => x.contact_id,
                        principalSchema: "clients",
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_clients_organization_id_id",
                schema: "clients",
                table: "clients",
                columns: new[] { "organization_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_clients_owner_agent_id_id",
                schema: "clients",
                table: "clients",
                columns: new[] { "owner_agent_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_clients_search_name_trgm",
                schema: "clients",
                table: "clients",
                column: "search_name")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_contacts_client_id_kind",
                schema: "clients",
                table: "contacts",
                columns: new[] { "client_id", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_identities_client_id",
                schema: "clients",
                table: "identities",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_identities_contact_id",
                schema: "clients",
                table: "identities",
                column: "contact_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_identities_kind_scope_key",
                schema: "clients",
                table: "identities",
                columns: new[] { "kind", "scope", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sender_rules_value_list",
                schema: "clients",
                table: "sender_rules",
                columns: new[] { "value", "list" },
                unique: true);

            // Exactly the expressions the queries use: email domain (O3 attach), phone suffix (a number typed
            // without its country), any identity's key (messenger/external id search).
            migrationBuilder.Sql("CREATE INDEX ix_identities_email_domain ON clients.identities (split_part(key, '@', 2)) WHERE kind = 'email';");
            migrationBuilder.Sql("CREATE INDEX ix_identities_phone_reversed ON clients.identities (reverse(key) text_pattern_ops) WHERE kind = 'phone';");
            migrationBuilder.Sql("CREATE INDEX ix_identities_key ON clients.identities (key);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS clients.ix_identities_email_domain;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS clients.ix_identities_phone_reversed;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS clients.ix_identities_key;");
            migrationBuilder.DropTable(
                name: "identities",
                schema: "clients");

            migrationBuilder.DropTable(
                name: "sender_rules",
                schema: "clients");

            migrationBuilder.DropTable(
                name: "contacts",
                schema: "clients");

            migrationBuilder.DropTable(
                name: "clients",
                schema: "clients");

            migrationBuilder.Sql("DROP FUNCTION IF EXISTS clients.immutable_unaccent(text);");
        }
    }
}
