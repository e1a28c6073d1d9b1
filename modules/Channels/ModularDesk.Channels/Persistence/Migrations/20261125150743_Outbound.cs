using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ModularDesk.Channels.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class Outbound : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "client_consents",
                schema: "channels",
                columns: table => new
                {
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    opted_out = table.Column<bool>(type: "boolean", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_client_consents", x => new { x.client_id, x.channel_type });
                });

            migrationBuilder.CreateTable(
                name: "contact_last_inbound",
                schema: "channels",
                columns: table => new
                {
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    address_key = table.Column<string>(type: "character varying(592)", maxLength: 592, nullable: false),
                    last_inbound_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_last_inbound", x => new { x.channel_id, x.address_key });
                });

            migrationBuilder.CreateTable(
                name: "outbound_messages",
                schema: "channels",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: true),
                    ticket_id = table.Column<Guid>(type: "uuid", nullable: true),
                    ticket_message_id = table.Column<Guid>(type: "uuid", nullable: true),
                    recipient_kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    recipient_value = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    recipient_messenger = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    recipient_key = table.Column<string>(type: "character varying(592)", maxLength: 592, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    error = table.Column<string>(type: "text", nullable: true),
                    external_message_id = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    read_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    failed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status_changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbound_messages", x => x.id);
                    table.CheckConstraint("ck_outbound_messages_status", "status IN ('queued', 'sent', 'delivered', 'read', 'failed')");
                });

            migrationBuilder.CreateTable(
                name: "pending_delivery_reports",
                schema: "channels",
                columns: table => new
                {
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    external_message_id = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pending_delivery_reports", x => new { x.channel_id, x.external_message_id, x.status });
                });

            migrationBuilder.CreateTable(
                name: "unreachable_contacts",
                schema: "channels",
                columns: table => new
                {
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    address_key = table.Column<string>(type: "character varying(592)", maxLength: 592, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    marked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unreachable_contacts", x => new { x.channel_id, x.address_key });
                });

            migrationBuilder.CreateIndex(
                name: "ix_outbound_messages_channel_id_external_message_id",
                schema: "channels",
                table: "outbound_messages",
                columns: new[] { "channel_id", "external_message_id" },
                unique: true,
                filter: "external_message_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbound_messages_queued_due",
                schema: "channels",
                table: "outbound_messages",
                column: "next_attempt_at",
                filter: "status = 'queued'");

            migrationBuilder.CreateIndex(
                name: "ix_outbound_messages_queued_recipient",
                schema: "channels",
                table: "outbound_messages",
                columns: new[] { "channel_id", "recipient_key", "seq" },
                filter: "status = 'queued'");

            migrationBuilder.CreateIndex(
                name: "ix_outbound_messages_ticket_message_id",
                schema: "channels",
                table: "outbound_messages",
                column: "ticket_message_id",
                filter: "ticket_message_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_pending_delivery_reports_received_at",
                schema: "channels",
                table: "pending_delivery_reports",
                column: "received_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "client_consents",
                schema: "channels");

            migrationBuilder.DropTable(
                name: "contact_last_inbound",
                schema: "channels");

            migrationBuilder.DropTable(
                name: "outbound_messages",
                schema: "channels");

            migrationBuilder.DropTable(
                name: "pending_delivery_reports",
                schema: "channels");

            migrationBuilder.DropTable(
                name: "unreachable_contacts",
                schema: "channels");
        }
    }
}
