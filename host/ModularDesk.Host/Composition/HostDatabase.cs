using ModularDesk.EmbeddedPostgres;
using Npgsql;

namespace ModularDesk.Host.Composition;

/// <summary>
/// The database the host talks to: the configured connection string, or else an embedded
/// PostgreSQL cluster in the data directory that lives and dies with the host. Opened after the
/// app is built, so configuration from every source (including test hosts) is visible.
/// </summary>
internal sealed class HostDatabase(ILoggerFactory loggerFactory) : IAsyncDisposable
{
    public const string ConnectionStringName = "ModularDesk";

    private EmbeddedPostgresServer? embedded;
    private NpgsqlDataSource? dataSource;

    public string ConnectionString { get; private set; } = string.Empty;

    public NpgsqlDataSource DataSource =>
        dataSource ?? throw new InvalidOperationException("The database is opened right after the host is built; nothing may use it before.");

    public async Task OpenAsync(IConfiguration configuration, string dataDirectory, CancellationToken cancellationToken)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(configured))
        {
            var options = new EmbeddedPostgresOptions
            {
                DataDirectory = Path.Combine(dataDirectory, "postgres"),
                Port = configuration.GetValue<int?>("MODULARDESK_DB_PORT") ?? configuration.GetValue<int?>("Database:EmbeddedPort"),
            };
            embedded = await EmbeddedPostgresServer.StartAsync(
                options, loggerFactory.CreateLogger<EmbeddedPostgresServer>(), cancellationToken);
            configured = embedded.ConnectionString;
        }

        ConnectionString = configured;
        dataSource = new NpgsqlDataSourceBuilder(WithAutoPreparation(configured)) { Name = "modulardesk" }.Build();
    }

    /// <summary>
    /// Statements run often (ingestion's batch statements, outbox claims, search, EF's queries) are prepared on each
    /// pooled connection after a few uses, so PostgreSQL stops parsing and planning them on every call; measured as
    /// most of the server's CPU for short queries. A connection string that sets <c>Max Auto Prepare</c> itself wins.
    /// </summary>
    internal static string WithAutoPreparation(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) &&
            !connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = MaxAutoPreparedStatements;
        }

        return builder.ConnectionString;
    }

    /// <summary>Per pooled connection; Npgsql caps it at 256 and evicts the least recently used beyond it.</summary>
    public const int MaxAutoPreparedStatements = 200;

    public async ValueTask DisposeAsync()
    {
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }

        if (embedded is not null)
        {
            await embedded.DisposeAsync();
        }
    }
}
