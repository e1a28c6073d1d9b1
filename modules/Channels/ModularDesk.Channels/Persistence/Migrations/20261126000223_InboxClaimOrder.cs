using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModularDesk.Channels.Persistence.Migrations
{
    /// <summary>
    /// The inbox claim's index holds its whole order (next_attempt_at, id), so a claim walks one batch of it however
    /// large the backlog (see InboxMessageConfiguration).
    /// </summary>
    internal partial class InboxClaimOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_inbox_messages_pending_due",
                schema: "channels",
                table: "inbox_messages");

            migrationBuilder.CreateIndex(
                name: "ix_inbox_messages_pending_due",
                schema: "channels",
                table: "inbox_messages",
                columns: new[] { "next_attempt_at", "id" },
                filter: "status = 'pending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_inbox_messages_pending_due",
                schema: "channels",
                table: "inbox_messages");

            migrationBuilder.CreateIndex(
                name: "ix_inbox_messages_pending_due",
                schema: "channels",
                table: "inbox_messages",
                column: "next_attempt_at",
                filter: "status = 'pending'");
        }
    }
}
