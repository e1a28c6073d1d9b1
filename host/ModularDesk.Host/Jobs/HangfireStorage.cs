using Hangfire.PostgreSql;
using Npgsql;

namespace ModularDesk.Host.Jobs;

internal static class HangfireStorage
{
    /// <summary>
    /// Long polling and a short fallback poll so a queued job starts in well under a second, and a
    /// sliding invisibility timeout so a long job is not started twice (Hangfire.PostgreSql #130, #396).
    /// </summary>
    public static PostgreSqlStorageOptions Options => new()
    {
        SchemaName = "hangfire",
        PrepareSchemaIfNecessary = true,
        QueuePollInterval = TimeSpan.FromSeconds(1),
        EnableLongPolling = true,
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = TimeSpan.FromMinutes(5),
        DistributedLockTimeout = TimeSpan.FromMinutes(1),
    };
}

/// <summary>Hangfire gets its own connection pool, so its polling never competes with requests.</summary>
internal static class HangfireConnectionString
{
    public static string For(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "modulardesk-hangfire", MaxPoolSize = 20 }.ConnectionString;
}
