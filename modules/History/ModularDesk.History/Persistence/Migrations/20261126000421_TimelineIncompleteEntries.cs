using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModularDesk.History.Persistence.Migrations
{
    /// <summary>
    /// A small partial index of the entries still missing their ticket's facts, which every run of ticket events fills
    /// (see TimelineEntryConfiguration).
    /// </summary>
    internal partial class TimelineIncompleteEntries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_timeline_entries_ticket_incomplete",
                schema: "history",
                table: "timeline_entries",
                column: "ticket_id",
                filter: "ticket_id IS NOT NULL AND (subject IS NULL OR channel_type IS NULL OR ticket_number IS NULL)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_timeline_entries_ticket_incomplete",
                schema: "history",
                table: "timeline_entries");
        }
    }
}
