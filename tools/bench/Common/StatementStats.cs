using Npgsql;

/// <summary>
/// The statements that cost PostgreSQL the most execution time during a measured round (pg_stat_statements). The
/// cluster must preload it: run the bench with MODULARDESK_PG_SERVER_OPTIONS="-c shared_preload_libraries=pg_stat_statements".
/// </summary>
internal static class StatementStats
{
    public static async Task ResetAsync(NpgsqlDataSource db)
    {
        await using var command = db.CreateCommand(
            "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset(); SELECT pg_stat_reset()");
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Prints the top statements by total execution time, as µs per <paramref name="unit"/> (e.g. per message).</summary>
    public static async Task PrintAsync(NpgsqlDataSource db, int units, string unit, int top = 20)
    {
        await using var command = db.CreateCommand(
            """
            SELECT calls, total_exec_time, rows, regexp_replace(left(query, 150), '\s+', ' ', 'g')
            FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT $1
            """);
        command.Parameters.AddWithValue(top);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Console.WriteLine(
                $"  {reader.GetDouble(1) * 1000 / units,8:F1} µs/{unit} {reader.GetInt64(0),8} calls {reader.GetInt64(2),8} rows  {reader.GetString(3)}");
        }
    }

    /// <summary>Rows written per table since the reset, and how many updates stayed on their page (HOT, no index writes).</summary>
    public static async Task PrintTablesAsync(NpgsqlDataSource db, int top = 12)
    {
        await using var command = db.CreateCommand(
            """
            SELECT schemaname || '.' || relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del
            FROM pg_stat_user_tables ORDER BY n_tup_ins + n_tup_upd + n_tup_del DESC LIMIT $1
            """);
        command.Parameters.AddWithValue(top);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Console.WriteLine(
                $"  {reader.GetString(0),-36} inserted {reader.GetInt64(1),8} updated {reader.GetInt64(2),8} (HOT {reader.GetInt64(3),8}) deleted {reader.GetInt64(4),8}");
        }
    }
}
