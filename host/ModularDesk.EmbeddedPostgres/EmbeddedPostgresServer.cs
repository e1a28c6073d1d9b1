using Microsoft.Extensions.Logging;

namespace ModularDesk.EmbeddedPostgres;

public sealed class EmbeddedPostgresServer : IAsyncDisposable
{
    private EmbeddedPostgresServer(string connectionString, int port)
    {
        ConnectionString = connectionString;
        Port = port;
    }

    public string ConnectionString { get; }

    public int Port { get; }

    public static Task<EmbeddedPostgresServer> StartAsync(
        EmbeddedPostgresOptions options, ILogger logger, CancellationToken cancellationToken) =>
        throw new PlatformNotSupportedException("The embedded PostgreSQL launcher is being written.");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
