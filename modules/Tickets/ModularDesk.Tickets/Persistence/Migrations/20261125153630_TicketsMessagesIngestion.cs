using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModularDesk.Tickets.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class TicketsMessagesIngestion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "ticket_numbers",
                schema: "tickets");

            migrationBuilder.CreateTable(
                name: "inbox_receipts",
                schema: "tickets",
                columns: table => new
                {
                    inbox_id = table.Column<Guid>(type: "uuid", nullable: false),
                    ticket_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbox_receipts", x => x.inbox_id);
                });

            migrationBuilder.CreateTable(
                name: "merge_moves",
                schema: "tickets",
                columns: table => new
                {
                    merge_id = table.Column<Guid>(type: "uuid", nullable: false),
                    ticket_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from_client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    moved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_merge_moves", x => new { x.merge_id, x.ticket_id });
                });

            migrationBuilder.CreateTable(
                name: "routing_queue",
                schema: "tickets",
                columns: table => new
                {
                    ticket_id = table.Column<Guid>(type: "uuid", nullable: false),
                    enqueued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_routing_queue", x => x.ticket_id);
                });

            migrationBuilder.CreateTable(
                name: "tickets",
                schema: "tickets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<long>(type: "bigint", nullable: false, defaultValueSql: "nextval('tickets.ticket_numbers')"),
                    subject = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    priority = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    assignee_agent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    team_id = table.Column<Guid>(type: "uuid", nullable: true),
                    tags = table.Column<List<string>>(type: "text[]", nullable: false),
                    is_vip = table.Column<bool>(type: "boolean", nullable: false),
                    language = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    conversation_key = table.Column<string>(type: "text", nullable: true),
                    reply_email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    fired_rules = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'[]'::jsonb"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_message_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tickets", x => x.id);
                    table.CheckConstraint("ck_tickets_priority", "priority IN ('low', 'normal', 'high', 'urgent')");
                    table.CheckConstraint("ck_tickets_status", "status IN ('new', 'open', 'pending', 'resolved', 'closed', 'spam')");
                });

            migrationBuilder.CreateTable(
                name: "messages",
                schema: "tickets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    ticket_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    direction = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    author_name = table.Column<string>(type: "text", nullable: false),
                    author_agent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    sender_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    sender_value = table.Column<string>(type: "text", nullable: true),
                    sender_scope = table.Column<string>(type: "text", nullable: true),
                    text = table.Column<string>(type: "text", nullable: true),
                    html = table.Column<string>(type: "text", nullable: true),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    external_message_id = table.Column<string>(type: "text", nullable: true),
                    inbox_id = table.Column<Guid>(type: "uuid", nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    edited_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    outbound_id = table.Column<Guid>(type: "uuid", nullable: true),
                    delivery_status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    delivery_reason = table.Column<string>(type: "text", nullable: true),
                    delivery_updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_messages", x => x.id);
                    table.CheckConstraint("ck_messages_direction", "direction IN ('in', 'out', 'internal')");
                    table.ForeignKey(
                        name: "fk_messages_tickets_ticket_id",
                        column: x => x.ticket_id,
                        principalSchema: "tickets",
                        principalTable: "tickets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "attachments",
                schema: "tickets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    ticket_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    content_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    storage_key = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attachments", x => x.id);
                    table.ForeignKey(
                        name: "fk_attachments_messages_message_id",
                        column: x => x.message_id,
                        principalSchema: "tickets",
                        principalTable: "messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_attachments_client_id_id",
                schema: "tickets",
                table: "attachments",
                columns: new[] { "client_id", "id" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ix_attachments_message_id",
                schema: "tickets",
                table: "attachments",
                column: "message_id");

            migrationBuilder.CreateIndex(
                name: "ix_attachments_ticket_id",
                schema: "tickets",
                table: "attachments",
                column: "ticket_id");

            migrationBuilder.CreateIndex(
                name: "ix_messages_client_id",
                schema: "tickets",
                table: "messages",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_messages_external_message_id_channel_id",
                schema: "tickets",
                table: "messages",
                columns: new[] { "external_message_id", "channel_id" },
                filter: "external_message_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_messages_outbound_id",
                schema: "tickets",
                table: "messages",
                column: "outbound_id",
                filter: "outbound_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_messages_ticket_id_id",
                schema: "tickets",
                table: "messages",
                columns: new[] { "ticket_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_routing_queue_next_attempt_at",
                schema: "tickets",
                table: "routing_queue",
                column: "next_attempt_at");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_assignee_agent_id_status",
                schema: "tickets",
                table: "tickets",
                columns: new[] { "assignee_agent_id", "status" },
                filter: "assignee_agent_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_client_id_id",
                schema: "tickets",
                table: "tickets",
                columns: new[] { "client_id", "id" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_conversation_key",
                schema: "tickets",
                table: "tickets",
                column: "conversation_key",
                filter: "conversation_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_number",
                schema: "tickets",
                table: "tickets",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tickets_organization_id_id",
                schema: "tickets",
                table: "tickets",
                columns: new[] { "organization_id", "id" },
                descending: new[] { false, true },
                filter: "organization_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_status_id",
                schema: "tickets",
                table: "tickets",
                columns: new[] { "status", "id" },
                descending: new[] { false, true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attachments",
                schema: "tickets");

            migrationBuilder.DropTable(
                name: "inbox_receipts",
                schema: "tickets");

            migrationBuilder.DropTable(
                name: "merge_moves",
                schema: "tickets");

            migrationBuilder.DropTable(
                name: "routing_queue",
                schema: "tickets");

            migrationBuilder.DropTable(
                name: "messages",
                schema: "tickets");

            migrationBuilder.DropTable(
                name: "tickets",
                schema: "tickets");

            migrationBuilder.DropSequence(
                name: "ticket_numbers",
                schema: "tickets");
        }
    }
}
