using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModularDesk.Clients.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class MergesAndDuplicates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dismissed_duplicates",
                schema: "clients",
                columns: table => new
                {
                    client_a = table.Column<Guid>(type: "uuid", nullable: false),
                    client_b = table.Column<Guid>(type: "uuid", nullable: false),
                    dismissed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    dismissed_by = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dismissed_duplicates", x => new { x.client_a, x.client_b });
                    table.CheckConstraint("ck_dismissed_duplicates_ordered", "client_a < client_b");
                });

            migrationBuilder.CreateTable(
                name: "duplicate_suggestions",
                schema: "clients",
                columns: table => new
                {
                    client_a = table.Column<Guid>(type: "uuid", nullable: false),
                    client_b = table.Column<Guid>(type: "uuid", nullable: false),
                    reasons = table.Column<List<string>>(type: "text[]", nullable: false),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    found_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_duplicate_suggestions", x => new { x.client_a, x.client_b });
                    table.CheckConstraint("ck_duplicate_suggestions_ordered", "client_a < client_b");
                });

            migrationBuilder.CreateTable(
                name: "merges",
                schema: "clients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    survivor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    merged_id = table.Column<Guid>(type: "uuid", nullable: false),
                    merged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    survivor_snapshot = table.Column<string>(type: "jsonb", nullable: false),
                    merged_snapshot = table.Column<string>(type: "jsonb", nullable: false),
                    moved_file_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    moved_record_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    undone_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_merges", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_duplicate_suggestions_client_b",
                schema: "clients",
                table: "duplicate_suggestions",
                column: "client_b");

            migrationBuilder.CreateIndex(
                name: "ix_duplicate_suggestions_score_client_a_client_b",
                schema: "clients",
                table: "duplicate_suggestions",
                columns: new[] { "score", "client_a", "client_b" },
                descending: new[] { true, false, false });

            migrationBuilder.CreateIndex(
                name: "ix_merges_merged_id",
                schema: "clients",
                table: "merges",
                column: "merged_id",
                filter: "undone_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_merges_survivor_id",
                schema: "clients",
                table: "merges",
                column: "survivor_id");

            migrationBuilder.AddForeignKey(
                name: "fk_client_files_clients_client_id",
                schema: "clients",
                table: "client_files",
                column: "client_id",
                principalSchema: "clients",
                principalTable: "clients",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_field_group_records_clients_client_id",
                schema: "clients",
                table: "field_group_records",
                column: "client_id",
                principalSchema: "clients",
                principalTable: "clients",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_client_files_clients_client_id",
                schema: "clients",
                table: "client_files");

            migrationBuilder.DropForeignKey(
                name: "fk_field_group_records_clients_client_id",
                schema: "clients",
                table: "field_group_records");

            migrationBuilder.DropTable(
                name: "dismissed_duplicates",
                schema: "clients");

            migrationBuilder.DropTable(
                name: "duplicate_suggestions",
                schema: "clients");

            migrationBuilder.DropTable(
                name: "merges",
                schema: "clients");
        }
    }
}
