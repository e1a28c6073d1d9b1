using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace ClientsSearch;

/// <summary>
/// Loads N cards with their contacts and identities into the Clients module's own tables with binary COPY. The
/// tables' constraints and indexes (exactly as the migrations made them) are read from the catalog, dropped for the
/// load and re-created from the same definitions, so what is measured afterwards is the production schema.
/// </summary>
internal static class Seeder
{
    private static readonly string[] Tables = ["clients.clients", "clients.contacts", "clients.identities"];

    public static async Task SeedAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "SET maintenance_work_mem = '512MB'");

        var constraints = await ReadAsync(connection, """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype::text
            FROM pg_constraint
            WHERE (conrelid = ANY(@tables::regclass[]) AND contype IN ('p', 'u', 'f'))
               OR (confrelid = ANY(@tables::regclass[]) AND contype = 'f')
            ORDER BY CASE contype WHEN 'f' THEN 0 ELSE 1 END
            """);
        var indexes = await ReadAsync(connection, """
            SELECT i.indrelid::regclass::text, c.relname, pg_get_indexdef(i.indexrelid), ''
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = ANY(@tables::regclass[])
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
            """);
        Console.WriteLine($"  schema: {constraints.Count} constraints and {indexes.Count} indexes on {string.Join(", ", Tables)} (dropped for the load, re-created after)");

        foreach (var (table, name, _, _) in constraints)
        {
            await ExecuteAsync(connection, $"ALTER TABLE {table} DROP CONSTRAINT {name}");
        }

        foreach (var (_, name, _, _) in indexes)
        {
            await ExecuteAsync(connection, $"DROP INDEX clients.{name}");
        }

        // The name-dictionary trigger would run once per row; the dictionary is filled in one statement after the load.
        await ExecuteAsync(connection, "ALTER TABLE clients.clients DISABLE TRIGGER USER");
        var clock = Stopwatch.StartNew();
        var contacts = 0L;
        await using (var writer = await connection.BeginBinaryImportAsync("""
            COPY clients.clients (id, name, avatar_url, language, organization_id, position, note, is_spammer, is_vip, customer_type,
                                  owner_agent_id, hidden, addresses, custom_fields, provenance, created_at, updated_at) FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < count; i++)
            {
                var c = Population.Client(i);
                var at = Population.CreatedAt(i);
                await writer.StartRowAsync();
                await writer.WriteAsync(c.Id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(c.Name, NpgsqlDbType.Varchar);
                await writer.WriteNullAsync();
                await writer.WriteAsync(c.Language, NpgsqlDbType.Varchar);
                await writer.WriteNullAsync();
                await writer.WriteNullAsync();
                await writer.WriteNullAsync();
                await writer.WriteAsync(false, NpgsqlDbType.Boolean);
                await writer.WriteAsync(i % 97 == 0, NpgsqlDbType.Boolean);
                await writer.WriteNullAsync();
                await writer.WriteNullAsync();
                await writer.WriteAsync(c.Hidden, NpgsqlDbType.Boolean);
                await writer.WriteAsync("[]", NpgsqlDbType.Jsonb);
                await writer.WriteAsync("{}", NpgsqlDbType.Jsonb);
                await writer.WriteAsync("{\"name\":{\"source\":\"import\",\"at\":\"" + at.ToString("O", System.Globalization.CultureInfo.InvariantCulture) + "\"}}", NpgsqlDbType.Jsonb);
                await writer.WriteAsync(at, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(at, NpgsqlDbType.TimestampTz);
                Progress("clients", i, count, clock);
            }

            await writer.CompleteAsync();
        }

        Console.WriteLine($"  clients: {count:N0} rows in {clock.Elapsed.TotalSeconds:F0} s");
        clock.Restart();
        await using (var writer = await connection.BeginBinaryImportAsync("""
            COPY clients.contacts (id, client_id, seq, kind, value, display, label, source, source_channel_id, created_at, updated_at) FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < count; i++)
            {
                var c = Population.Client(i);
                var at = Population.CreatedAt(i);
                var seq = 0L;
                foreach (var contact in c.Contacts)
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(contact.Id, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(c.Id, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(++seq, NpgsqlDbType.Bigint);
                    await writer.WriteAsync(contact.Kind, NpgsqlDbType.Varchar);
                    await writer.WriteAsync(contact.Value, NpgsqlDbType.Varchar);
                    await writer.WriteAsync(contact.Display, NpgsqlDbType.Varchar);
                    await writer.WriteAsync(contact.Label, NpgsqlDbType.Varchar);
                    await writer.WriteAsync("import", NpgsqlDbType.Varchar);
                    await writer.WriteNullAsync();
                    await writer.WriteAsync(at, NpgsqlDbType.TimestampTz);
                    await writer.WriteAsync(at, NpgsqlDbType.TimestampTz);
                    contacts++;
                }

                Progress("contacts", i, count, clock);
            }

            await writer.CompleteAsync();
        }

        Console.WriteLine($"  contacts: {contacts:N0} rows in {clock.Elapsed.TotalSeconds:F0} s");
        clock.Restart();
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY clients.identities (id, client_id, contact_id, kind, scope, key) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < count; i++)
            {
                var c = Population.Client(i);
                foreach (var contact in c.Contacts)
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(Population.GuidFrom(i, 10 + (contact.Id.ToByteArray(bigEndian: true)[7])), NpgsqlDbType.Uuid);
                    await writer.WriteAsync(c.Id, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(contact.Id, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(contact.Kind, NpgsqlDbType.Varchar);
                    await writer.WriteAsync(contact.Scope, NpgsqlDbType.Varchar);
                    await writer.WriteAsync(contact.Key, NpgsqlDbType.Varchar);
                }

                Progress("identities", i, count, clock);
            }

            await writer.CompleteAsync();
        }

        Console.WriteLine($"  identities: {contacts:N0} rows in {clock.Elapsed.TotalSeconds:F0} s");
        clock.Restart();
        foreach (var (table, name, definition, _) in constraints.Where(c => c.Type != "f"))
        {
            await ExecuteAsync(connection, $"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}");
        }

        foreach (var (_, name, definition, _) in indexes)
        {
            var started = Stopwatch.StartNew();
            await ExecuteAsync(connection, definition);
            Console.WriteLine($"    {name}: {started.Elapsed.TotalSeconds:F0} s");
        }

        foreach (var (table, name, definition, _) in constraints.Where(c => c.Type == "f"))
        {
            await ExecuteAsync(connection, $"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}");
        }

        Console.WriteLine($"  constraints and indexes re-created in {clock.Elapsed.TotalSeconds:F0} s");
        clock.Restart();
        await ExecuteAsync(connection, "ALTER TABLE clients.clients ENABLE TRIGGER USER");
        await ExecuteAsync(connection, ModularDesk.Clients.Persistence.Migrations.NameWords.FillDictionarySql);
        await ExecuteAsync(connection, ModularDesk.Clients.Persistence.Migrations.NameWordVariants.FillVariantsSql);
        await ExecuteAsync(connection, "VACUUM (ANALYZE) clients.name_dictionary, clients.name_word_variants");
        Console.WriteLine($"  name dictionary filled in {clock.Elapsed.TotalSeconds:F0} s");
        clock.Restart();
        await ExecuteAsync(connection, "VACUUM (ANALYZE) clients.clients, clients.contacts, clients.identities");
        Console.WriteLine($"  VACUUM ANALYZE in {clock.Elapsed.TotalSeconds:F0} s");
    }

    private static void Progress(string what, int i, int count, Stopwatch clock)
    {
        if ((i + 1) % 250_000 == 0 && i + 1 < count)
        {
            Console.WriteLine($"    {what}: {i + 1:N0} after {clock.Elapsed.TotalSeconds:F0} s");
        }
    }

    private static async Task<List<(string Table, string Name, string Definition, string Type)>> ReadAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tables", Tables);
        var rows = new List<(string, string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return rows;
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
