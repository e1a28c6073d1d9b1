using Autofac;
using Microsoft.EntityFrameworkCore;
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
            foreach (var database in databases)
            {
                await using var migrationScope = scope.BeginLifetimeScope();
                var context = (DbContext)migrationScope.Resolve(database.ContextType);
                if (!context.Database.GetMigrations().Any())
                {
                    // Seen when EF Core assemblies of two versions meet: migrations fail to load silently.
                    throw new InvalidOperationException(
                        $"No migrations were found for schema '{database.Schema}' in {database.ContextType.Assembly.GetName().Name}.");
                }

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
