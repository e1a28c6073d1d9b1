using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ModularDesk.Channels.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class ChannelInstancesInboxCheckpoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "channel_instances",
                schema: "channels",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    plugin_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    settings = table.Column<string>(type: "jsonb", nullable: false),
                    secrets = table.Column<string>(type: "jsonb", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channel_instances", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                schema: "channels",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendly_name = table.Column<string>(type: "text", nullable: true),
                    xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                schema: "channels",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    external_message_id = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    error = table.Column<string>(type: "text", nullable: true),
                    ticket_id = table.Column<Guid>(type: "uuid", nullable: true),
                    client_id = table.Column<Guid>(type: "uuid", nullable: true),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbox_messages", x => x.id);
                    table.CheckConstraint("ck_inbox_messages_status", "status IN ('pending', 'processed', 'failed')");
                });

            migrationBuilder.CreateTable(
                name: "channel_checkpoints",
                schema: "channels",
                columns: table => new
                {
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    value = table.Column<string>(type: "text", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channel_checkpoints", x => new { x.channel_id, x.key });
                    table.ForeignKey(
                        name: "fk_channel_checkpoints_channel_instances_channel_id",
                        column: x => x.channel_id,
                        principalSchema: "channels",
                        principalTable: "channel_instances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_channel_instances_plugin_id",
                schema: "channels",
                table: "channel_instances",
                column: "plugin_id");

            migrationBuilder.CreateIndex(
                name: "ix_inbox_messages_channel_id_external_message_id",
                schema: "channels",
                table: "inbox_messages",
                columns: new[] { "channel_id", "external_message_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_inbox_messages_pending_due",
                schema: "channels",
                table: "inbox_messages",
                column: "next_attempt_at",
                filter: "status = 'pending'");

            // The built-in API channel (BuiltInChannels.ApiChannelId) that POST /api/v1/inbound uses by default.
            migrationBuilder.Sql(
                """
                INSERT INTO channels.channel_instances (id, plugin_id, name, settings, secrets, enabled, created_at, updated_at)
                VALUES ('00000000-0000-0000-0000-000000000001', 'api', 'API', '{}', '{}', true, now(), now())
                ON CONFLICT (id) DO NOTHING;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "channel_checkpoints",
                schema: "channels");

            migrationBuilder.DropTable(
                name: "data_protection_keys",
                schema: "channels");

            migrationBuilder.DropTable(
                name: "inbox_messages",
                schema: "channels");

            migrationBuilder.DropTable(
                name: "channel_instances",
                schema: "channels");
        }
    }
}
