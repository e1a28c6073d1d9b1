using ModularDesk.EmbeddedPostgres;

namespace ModularDesk.Host.Composition;

/// <summary>
/// The database the host talks to: the configured connection string, or else an embedded
/// PostgreSQL cluster in the data directory that lives and dies with the host.
/// </summary>
internal sealed class HostDatabase : IAsyncDisposable
{
    public const string ConnectionStringName = "ModularDesk";

    private HostDatabase(string connectionString, EmbeddedPostgresServer? embedded)
    {
        ConnectionString = connectionString;
        Embedded = embedded;
    }

    public string ConnectionString { get; }

    public EmbeddedPostgresServer? Embedded { get; }

    public static async Task<HostDatabase> OpenAsync(
        IConfiguration configuration, string dataDirectory, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new HostDatabase(configured, embedded: null);
        }

        var options = new EmbeddedPostgresOptions
        {
            DataDirectory = Path.Combine(dataDirectory, "postgres"),
            Port = configuration.GetValue<int?>("MODULARDESK_DB_PORT") ?? configuration.GetValue<int?>("Database:EmbeddedPort"),
        };
        var server = await EmbeddedPostgresServer.StartAsync(
            options, loggerFactory.CreateLogger<EmbeddedPostgresServer>(), cancellationToken);
        return new HostDatabase(server.ConnectionString, server);
    }

    public async ValueTask DisposeAsync()
    {
        if (Embedded is not null)
        {
            await Embedded.DisposeAsync();
        }
    }
}
