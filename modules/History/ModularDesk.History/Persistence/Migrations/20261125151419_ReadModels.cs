using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ModularDesk.History.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class ReadModels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "card_changes",
                schema: "history",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    subject_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    actor_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    actor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_name = table.Column<string>(type: "text", nullable: false),
                    summary = table.Column<string>(type: "text", nullable: false),
                    before = table.Column<string>(type: "text", nullable: true),
                    after = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_card_changes", x => x.id);
                    table.CheckConstraint("ck_card_changes_subject_kind", "subject_kind IN ('client', 'organization')");
                });

            migrationBuilder.CreateTable(
                name: "event_log",
                schema: "history",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: true),
                    entry_id = table.Column<Guid>(type: "uuid", nullable: true),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_log", x => x.sequence);
                });

            migrationBuilder.CreateTable(
                name: "merge_moves",
                schema: "history",
                columns: table => new
                {
                    merge_id = table.Column<Guid>(type: "uuid", nullable: false),
                    row_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    row_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from_client_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_merge_moves", x => new { x.merge_id, x.row_kind, x.row_id });
                });

            migrationBuilder.CreateTable(
                name: "merges",
                schema: "history",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    survivor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    merged_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    undone = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_merges", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "names",
                schema: "history",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "text", nullable: true),
                    name_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    organization_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    deleted = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_names", x => x.id);
                    table.CheckConstraint("ck_names_kind", "kind IN ('client', 'agent', 'organization')");
                });

            migrationBuilder.CreateTable(
                name: "outbound_messages",
                schema: "history",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    queued = table.Column<bool>(type: "boolean", nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    client_id = table.Column<Guid>(type: "uuid", nullable: true),
                    ticket_id = table.Column<Guid>(type: "uuid", nullable: true),
                    ticket_message_id = table.Column<Guid>(type: "uuid", nullable: true),
                    recipient = table.Column<string>(type: "text", nullable: true),
                    excerpt = table.Column<string>(type: "text", nullable: true),
                    sender_name = table.Column<string>(type: "text", nullable: true),
                    queued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    reason = table.Column<string>(type: "text", nullable: true),
                    status_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    redacted = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbound_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rebuild_runs",
                schema: "history",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    requested_by = table.Column<Guid>(type: "uuid", nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    events_replayed = table.Column<long>(type: "bigint", nullable: false),
                    error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rebuild_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tickets",
                schema: "history",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<long>(type: "bigint", nullable: true),
                    subject = table.Column<string>(type: "text", nullable: true),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: true),
                    channel_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    rating = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    rated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tickets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "timeline_entries",
                schema: "history",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    original_client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: true),
                    channel_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ticket_id = table.Column<Guid>(type: "uuid", nullable: true),
                    ticket_number = table.Column<long>(type: "bigint", nullable: true),
                    subject = table.Column<string>(type: "text", nullable: true),
                    excerpt = table.Column<string>(type: "text", nullable: true),
                    direction = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    author_party = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    author_name = table.Column<string>(type: "text", nullable: true),
                    recipient_party = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    recipient_name = table.Column<string>(type: "text", nullable: true),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    rating = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    delivery_status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    delivery_reason = table.Column<string>(type: "text", nullable: true),
                    delivery_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    redacted = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timeline_entries", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_card_changes_subject_page",
                schema: "history",
                table: "card_changes",
                columns: new[] { "subject_id", "at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_event_log_entry",
                schema: "history",
                table: "event_log",
                column: "entry_id",
                filter: "entry_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_event_log_event_id",
                schema: "history",
                table: "event_log",
                column: "event_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_event_log_subject",
                schema: "history",
                table: "event_log",
                column: "subject_id",
                filter: "subject_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_merge_moves_row",
                schema: "history",
                table: "merge_moves",
                column: "row_id");

            migrationBuilder.CreateIndex(
                name: "ix_merges_merged_active",
                schema: "history",
                table: "merges",
                column: "merged_id",
                filter: "NOT undone");

            migrationBuilder.CreateIndex(
                name: "ix_outbound_messages_channel_page",
                schema: "history",
                table: "outbound_messages",
                columns: new[] { "channel_id", "queued_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_outbound_messages_client_page",
                schema: "history",
                table: "outbound_messages",
                columns: new[] { "client_id", "queued_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_outbound_messages_page",
                schema: "history",
                table: "outbound_messages",
                columns: new[] { "queued_at", "id" },
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "ix_outbound_messages_ticket_message",
                schema: "history",
                table: "outbound_messages",
                column: "ticket_message_id",
                filter: "ticket_message_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_timeline_entries_client_page",
                schema: "history",
                table: "timeline_entries",
                columns: new[] { "client_id", "at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_timeline_entries_organization_page",
                schema: "history",
                table: "timeline_entries",
                columns: new[] { "organization_id", "at", "id" },
                descending: new[] { false, true, true },
                filter: "organization_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_timeline_entries_ticket",
                schema: "history",
                table: "timeline_entries",
                column: "ticket_id",
                filter: "ticket_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "card_changes",
                schema: "history");

            migrationBuilder.DropTable(
                name: "event_log",
                schema: "history");

            migrationBuilder.DropTable(
                name: "merge_moves",
                schema: "history");

            migrationBuilder.DropTable(
                name: "merges",
                schema: "history");

            migrationBuilder.DropTable(
                name: "names",
                schema: "history");

            migrationBuilder.DropTable(
                name: "outbound_messages",
                schema: "history");

            migrationBuilder.DropTable(
                name: "rebuild_runs",
                schema: "history");

            migrationBuilder.DropTable(
                name: "tickets",
                schema: "history");

            migrationBuilder.DropTable(
                name: "timeline_entries",
                schema: "history");
        }
    }
}
