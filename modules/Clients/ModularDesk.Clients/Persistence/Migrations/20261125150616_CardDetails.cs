using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModularDesk.Clients.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class CardDetails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "client_files",
                schema: "clients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    storage_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_client_files", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "client_panel_layout",
                schema: "clients",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    properties = table.Column<List<string>>(type: "text[]", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_client_panel_layout", x => x.id);
                    table.CheckConstraint("ck_client_panel_layout_singleton", "id = 1");
                });

            migrationBuilder.CreateTable(
                name: "custom_fields",
                schema: "clients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    entity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    options = table.Column<List<string>>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_custom_fields", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "customer_types",
                schema: "clients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_types", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "field_groups",
                schema: "clients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    fields = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_field_groups", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "field_group_records",
                schema: "clients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    group_id = table.Column<Guid>(type: "uuid", nullable: false),
                    values = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_field_group_records", x => x.id);
                    table.ForeignKey(
                        name: "fk_field_group_records_field_groups_group_id",
                        column: x => x.group_id,
                        principalSchema: "clients",
                        principalTable: "field_groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_client_files_client_id_created_at",
                schema: "clients",
                table: "client_files",
                columns: new[] { "client_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_custom_fields_entity_key",
                schema: "clients",
                table: "custom_fields",
                columns: new[] { "entity", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_customer_types_name_key",
                schema: "clients",
                table: "customer_types",
                column: "name_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_field_group_records_client_id_group_id_created_at",
                schema: "clients",
                table: "field_group_records",
                columns: new[] { "client_id", "group_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_field_group_records_group_id",
                schema: "clients",
                table: "field_group_records",
                column: "group_id");

            migrationBuilder.CreateIndex(
                name: "ix_field_groups_key",
                schema: "clients",
                table: "field_groups",
                column: "key",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "client_files",
                schema: "clients");

            migrationBuilder.DropTable(
                name: "client_panel_layout",
                schema: "clients");

            migrationBuilder.DropTable(
                name: "custom_fields",
                schema: "clients");

            migrationBuilder.DropTable(
                name: "customer_types",
                schema: "clients");

            migrationBuilder.DropTable(
                name: "field_group_records",
                schema: "clients");

            migrationBuilder.DropTable(
                name: "field_groups",
                schema: "clients");
        }
    }
}
