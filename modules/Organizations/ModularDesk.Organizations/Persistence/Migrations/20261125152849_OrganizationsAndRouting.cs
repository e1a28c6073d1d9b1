using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModularDesk.Organizations.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class OrganizationsAndRouting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateTable(
                name: "organizations",
                schema: "organizations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    search_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    note = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    owner_agent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    is_vip = table.Column<bool>(type: "boolean", nullable: false),
                    customer_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    sites = table.Column<string>(type: "jsonb", nullable: false),
                    phones = table.Column<string>(type: "jsonb", nullable: false),
                    address = table.Column<string>(type: "jsonb", nullable: true),
                    custom_fields = table.Column<string>(type: "jsonb", nullable: false),
                    automatic = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organizations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "round_robin_cursors",
                schema: "organizations",
                columns: table => new
                {
                    team_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_round_robin_cursors", x => x.team_id);
                });

            migrationBuilder.CreateTable(
                name: "routing_version",
                schema: "organizations",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_routing_version", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "settings",
                schema: "organizations",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    value = table.Column<string>(type: "jsonb", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_settings", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "organization_domains",
                schema: "organizations",
                columns: table => new
                {
                    domain = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organization_domains", x => x.domain);
                    table.ForeignKey(
                        name: "fk_organization_domains_organizations_organization_id",
                        column: x => x.organization_id,
                        principalSchema: "organizations",
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "routing_rules",
                schema: "organizations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    order = table.Column<int>(type: "integer", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    stop_processing = table.Column<bool>(type: "boolean", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    conditions = table.Column<string>(type: "jsonb", nullable: false),
                    actions = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_routing_rules", x => x.id);
                    table.ForeignKey(
                        name: "fk_routing_rules_organizations_organization_id",
                        column: x => x.organization_id,
                        principalSchema: "organizations",
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                schema: "organizations",
                table: "routing_version",
                columns: new[] { "id", "version" },
                values: new object[] { 1, 0L });

            migrationBuilder.CreateIndex(
                name: "ix_organization_domains_organization_id",
                schema: "organizations",
                table: "organization_domains",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_organizations_owner_agent_id",
                schema: "organizations",
                table: "organizations",
                column: "owner_agent_id");

            migrationBuilder.CreateIndex(
                name: "ix_organizations_search_name_prefix",
                schema: "organizations",
                table: "organizations",
                column: "search_name")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_organizations_search_name_trgm",
                schema: "organizations",
                table: "organizations",
                column: "search_name")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_routing_rules_organization_id_order",
                schema: "organizations",
                table: "routing_rules",
                columns: new[] { "organization_id", "order" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "organization_domains",
                schema: "organizations");

            migrationBuilder.DropTable(
                name: "round_robin_cursors",
                schema: "organizations");

            migrationBuilder.DropTable(
                name: "routing_rules",
                schema: "organizations");

            migrationBuilder.DropTable(
                name: "routing_version",
                schema: "organizations");

            migrationBuilder.DropTable(
                name: "settings",
                schema: "organizations");

            migrationBuilder.DropTable(
                name: "organizations",
                schema: "organizations");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");
        }
    }
}
