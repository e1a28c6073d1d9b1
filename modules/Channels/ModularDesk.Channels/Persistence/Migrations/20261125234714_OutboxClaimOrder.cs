using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModularDesk.Channels.Persistence.Migrations
{
    /// <summary>
    /// The outbox claim's index holds its whole order (next_attempt_at, occurred_at), so claiming a batch is a range
    /// scan of one batch however large the backlog (see OutboxMessageConfiguration).
    /// </summary>
    internal partial class OutboxClaimOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_next_attempt_at",
                schema: "channels",
                table: "outbox_messages");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_next_attempt_at_occurred_at",
                schema: "channels",
                table: "outbox_messages",
                columns: new[] { "next_attempt_at", "occurred_at" },
                filter: "processed_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_next_attempt_at_occurred_at",
                schema: "channels",
                table: "outbox_messages");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_next_attempt_at",
                schema: "channels",
                table: "outbox_messages",
                column: "next_attempt_at",
                filter: "processed_at IS NULL");
        }
    }
}
