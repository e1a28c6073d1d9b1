using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModularDesk.History.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class TimelineMemberOrganization : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "member_organization_id",
                schema: "history",
                table: "timeline_entries",
                type: "uuid",
                nullable: true);

            // Entries already projected follow their card's current organization (a rebuild would give the same).
            migrationBuilder.Sql(
                """
                UPDATE history.timeline_entries e SET member_organization_id = n.organization_id
                FROM history.names n WHERE n.id = e.client_id AND n.organization_id IS NOT NULL
                """);

            migrationBuilder.CreateIndex(
                name: "ix_timeline_entries_member_organization_page",
                schema: "history",
                table: "timeline_entries",
                columns: new[] { "member_organization_id", "at", "id" },
                descending: new[] { false, true, true },
                filter: "member_organization_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_timeline_entries_member_organization_page",
                schema: "history",
                table: "timeline_entries");

            migrationBuilder.DropColumn(
                name: "member_organization_id",
                schema: "history",
                table: "timeline_entries");
        }
    }
}
