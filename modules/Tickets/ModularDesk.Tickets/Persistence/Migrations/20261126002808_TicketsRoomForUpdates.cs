using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModularDesk.Tickets.Persistence.Migrations
{
    /// <summary>
    /// Tickets' pages keep 30 % free so the update every inbound message makes to its ticket stays on the page (HOT) and
    /// does not re-index the row; only pages written from now on get the room (see TicketConfiguration).
    /// </summary>
    internal partial class TicketsRoomForUpdates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "tickets",
                schema: "tickets")
                .Annotation("Npgsql:StorageParameter:fillfactor", 70);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "tickets",
                schema: "tickets")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 70);
        }
    }
}
