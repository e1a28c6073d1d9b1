using Autofac;
using Microsoft.Extensions.Logging;
using Hangfire.PostgreSql;
using ModularDesk.BuildingBlocks;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Host.Composition;
using Npgsql;

namespace ModularDesk.Testing;

/// <summary>
/// A fresh database for one test class, cloned from a template that already has every module's
/// migrations and Hangfire's schema, so a test starts in milliseconds on a realistic schema.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private const string TemplateName = "modulardesk_template";
    private static readonly Lazy<Task> Template = new(CreateTemplateAsync);

    private readonly PostgresCluster cluster;

    private TestDatabase(PostgresCluster cluster, string name)
    {
        this.cluster = cluster;
        Name = name;
        ConnectionString = cluster.ConnectionStringFor(name);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var cluster = await PostgresCluster.SharedAsync();
        await Template.Value;
        var name = "md_" + Guid.NewGuid().ToString("N")[..16];
        await cluster.ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {TemplateName}");
        return new TestDatabase(cluster, name);
    }

    /// <summary>An empty database (no schema at all), for tests of what the host does on a first start.</summary>
    public static async Task<TestDatabase> CreateEmptyAsync()
    {
        var cluster = await PostgresCluster.SharedAsync();
        var name = "md_empty_" + Guid.NewGuid().ToString("N")[..12];
        await cluster.ExecuteAsync($"CREATE DATABASE {name}");
        return new TestDatabase(cluster, name);
    }

    public async Task<NpgsqlConnection> OpenConnectionAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<T?> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)Convert.ChangeType(result, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await cluster.ExecuteAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    private static async Task CreateTemplateAsync()
    {
        var cluster = await PostgresCluster.SharedAsync();
        await cluster.ExecuteAsync($"CREATE DATABASE {TemplateName}");
        var connectionString = cluster.ConnectionStringFor(TemplateName);
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            var builder = new ContainerBuilder();
            builder.RegisterInstance(dataSource).ExternallyOwned();
            builder.RegisterInstance<ILoggerFactory>(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
            builder.RegisterGeneric(typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>)).As(typeof(ILogger<>));
            builder.RegisterModule(new BuildingBlocksModule());
            foreach (var module in ModuleCatalog.All)
            {
                builder.RegisterModule(module);
            }

            await using var container = builder.Build();
            await container.Resolve<ModuleMigrator>().MigrateAsync(CancellationToken.None);

            await using var connection = await dataSource.OpenConnectionAsync();
            PostgreSqlObjectsInstaller.Install(connection, "hangfire");
        }

        NpgsqlConnection.ClearAllPools();
    }
}
