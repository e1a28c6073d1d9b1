using Microsoft.Extensions.Logging.Abstractions;
using ModularDesk.EmbeddedPostgres;
using Npgsql;

namespace ModularDesk.Testing;

/// <summary>
/// One throwaway PostgreSQL cluster per test run (per test process), started with the same
/// launcher the host uses for its embedded database; tests get a database each, not a server each.
/// </summary>
public sealed class PostgresCluster
{
    private static readonly Lazy<Task<PostgresCluster>> Instance = new(StartAsync);

    private readonly EmbeddedPostgresServer server;
    private readonly string rootDirectory;

    private PostgresCluster(EmbeddedPostgresServer server, string rootDirectory)
    {
        this.server = server;
        this.rootDirectory = rootDirectory;
    }

    public static Task<PostgresCluster> SharedAsync() => Instance.Value;

    /// <summary>Connection string of the cluster's maintenance database (<c>postgres</c>).</summary>
    public string MaintenanceConnectionString => server.ConnectionStringForDatabase("postgres");

    public int Port => server.Port;

    public string ConnectionStringFor(string database) => server.ConnectionStringForDatabase(database);

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(MaintenanceConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresCluster> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "modulardesk-tests", $"{Environment.ProcessId}-{Guid.NewGuid():N}"[..20]);
        var server = await EmbeddedPostgresServer.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = Path.Combine(root, "postgres"), Ephemeral = true },
            NullLogger.Instance,
            CancellationToken.None);
        var cluster = new PostgresCluster(server, root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        return cluster;
    }

    private void Stop()
    {
        try
        {
            server.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            Directory.Delete(rootDirectory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or EmbeddedPostgresException)
        {
            // A cluster that cannot be stopped or removed must not fail the run; it lives in the temp dir.
        }
    }
}
