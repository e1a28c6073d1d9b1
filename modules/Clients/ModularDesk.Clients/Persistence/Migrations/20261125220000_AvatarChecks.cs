using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModularDesk.Clients.Persistence.Migrations
{
    /// <summary>
    /// Gravatar checks (C6) as a queue the avatar sweep drains, instead of one Hangfire job per new email card (whose
    /// enqueue, fetch and state changes cost a dozen statements per card on the ingestion path). A card whose avatar
    /// the system set to a Gravatar URL gets a row here, written by the same statement that creates the card; the sweep
    /// claims due rows a page at a time (<c>FOR UPDATE SKIP LOCKED</c>, so several hosts share the work) and deletes
    /// them once the server answered. Not in the EF model: only raw SQL reads and writes it.
    /// </summary>
    [DbContext(typeof(ClientsDbContext))]
    [Migration("20261125220000_AvatarChecks")]
    internal sealed class AvatarChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE clients.avatar_checks (
                  client_id uuid NOT NULL PRIMARY KEY REFERENCES clients.clients (id) ON DELETE CASCADE,
                  url text NOT NULL,
                  due_at timestamptz NOT NULL,
                  failures integer NOT NULL DEFAULT 0);
                CREATE INDEX ix_avatar_checks_due_at ON clients.avatar_checks (due_at);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE clients.avatar_checks;");
        }
    }
}
