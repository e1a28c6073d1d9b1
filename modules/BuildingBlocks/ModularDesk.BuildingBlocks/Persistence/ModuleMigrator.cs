using Autofac;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ModularDesk.BuildingBlocks.Persistence;

/// <summary>
/// Applies every module's EF Core migrations at start-up. A PostgreSQL session advisory lock
/// serializes hosts that start at the same time: the second waits, then finds nothing to do.
/// </summary>
public sealed partial class ModuleMigrator(
    ILifetimeScope scope,
    IEnumerable<ModuleDatabase> databases,
    NpgsqlDataSource dataSource,
    ILogger<ModuleMigrator> logger)
{
    /// <summary>Arbitrary but fixed: "MDMIGRAT" as a 64-bit key.</summary>
    internal const long AdvisoryLockKey = 0x4D444D4947524154;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(lockConnection, "SELECT pg_advisory_lock(@key)", cancellationToken);
        try
        {
            var applied = await ReadAppliedMigrationsAsync(lockConnection, cancellationToken);
            foreach (var database in databases)
            {
                var known = KnownMigrations(database);
                if (known.Count == 0)
                {
                    // Seen when EF Core assemblies of two versions meet: migrations fail to load silently.
                    throw new InvalidOperationException(
                        $"No migrations were found for schema '{database.Schema}' in {database.ContextType.Assembly.GetName().Name}.");
                }

                // The common start: nothing to do. Answered from the history tables without building
                // an EF Core model per module, which is most of a warm start's time.
                if (known.All(id => applied.Contains((database.Schema, id))))
                {
                    LogUpToDate(database.Schema);
                    continue;
                }

                await using var migrationScope = scope.BeginLifetimeScope();
                var context = (DbContext)migrationScope.Resolve(database.ContextType);
                var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                if (pending.Count == 0)
                {
                    LogUpToDate(database.Schema);
                    continue;
                }

                LogApplying(database.Schema, pending.Count);
                await context.Database.MigrateAsync(cancellationToken);
            }
        }
        finally
        {
            await ExecuteAsync(lockConnection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None);
        }
    }

    /// <summary>The migration ids EF Core would find: migrations of this context in its assembly.</summary>
    private static List<string> KnownMigrations(ModuleDatabase database) =>
        database.ContextType.Assembly.GetTypes()
            .Where(type => type.IsSubclassOf(typeof(Migration))
                           && type.GetCustomAttribute<DbContextAttribute>()?.ContextType == database.ContextType)
            .Select(type => type.GetCustomAttribute<MigrationAttribute>()?.Id)
            .OfType<string>()
            .ToList();

    private async Task<HashSet<(string Schema, string Id)>> ReadAppliedMigrationsAsync(
        NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new HashSet<(string, string)>();
        var schemas = databases.Select(database => database.Schema).ToArray();
        var existing = new List<string>();
        await using (var find = new NpgsqlCommand(
            "SELECT table_schema FROM information_schema.tables WHERE table_name = @table AND table_schema = ANY(@schemas)", connection))
        {
            find.Parameters.AddWithValue("table", ModuleDbContextOptions.MigrationsHistoryTable);
            find.Parameters.AddWithValue("schemas", schemas);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                existing.Add(reader.GetString(0));
            }
        }

        if (existing.Count == 0)
        {
            return applied;
        }

        var union = string.Join(
            " UNION ALL ",
            existing.Select(schema => $"SELECT '{schema}', migration_id FROM \"{schema}\".\"{ModuleDbContextOptions.MigrationsHistoryTable}\""));
        await using var read = new NpgsqlCommand(union, connection);
        await using var rows = await read.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            applied.Add((rows.GetString(0), rows.GetString(1)));
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", AdvisoryLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(LogLevel.Debug, "Schema {Schema} is up to date")]
    private partial void LogUpToDate(string schema);

    [LoggerMessage(LogLevel.Information, "Applying {Count} migration(s) to schema {Schema}")]
    private partial void LogApplying(string schema, int count);
}
