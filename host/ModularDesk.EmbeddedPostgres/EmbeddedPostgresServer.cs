using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ModularDesk.EmbeddedPostgres;

/// <summary>
/// A PostgreSQL cluster the host creates (first run) or reuses in its data directory, runs
/// with the machine's PostgreSQL programs and stops on shutdown. Used by the host when no
/// connection string is configured, and by the tests for their throwaway cluster.
/// </summary>
public sealed partial class EmbeddedPostgresServer : IAsyncDisposable
{
    private const string Superuser = "postgres";

    private readonly PostgresBinaries binaries;
    private readonly ClusterFiles files;
    private readonly string? account;
    private readonly bool ownsProcess;
    private readonly ILogger logger;

    private EmbeddedPostgresServer(
        PostgresBinaries binaries, ClusterFiles files, string? account, int port, string connectionString, bool ownsProcess, ILogger logger)
    {
        this.binaries = binaries;
        this.files = files;
        this.account = account;
        this.ownsProcess = ownsProcess;
        this.logger = logger;
        Port = port;
        ConnectionString = connectionString;
    }

    /// <summary>Connection string of the application database.</summary>
    public string ConnectionString { get; }

    public int Port { get; }

    /// <summary>Where the cluster's files are (the data directory, or its relocation when the server account cannot reach it).</summary>
    public string ClusterDirectory => files.ClusterDirectory;

    public static async Task<EmbeddedPostgresServer> StartAsync(
        EmbeddedPostgresOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new EmbeddedPostgresException("The embedded PostgreSQL runs on Linux and macOS; on Windows configure ConnectionStrings__ModularDesk.");
        }

        var binaries = PostgresBinaries.Locate();
        var account = await ServerAccount.ResolveAsync(cancellationToken);
        var files = await PrepareDirectoryAsync(ClusterFiles.For(options.DataDirectory), account, logger, cancellationToken);
        var password = ReadOrCreatePassword(files);

        if (!files.IsInitialized)
        {
            await InitializeAsync(binaries, files, account, password, options, logger, cancellationToken);
        }

        var running = await FindRunningAsync(files, password, cancellationToken);
        bool ownsProcess;
        int port;
        if (running is { } runningPort)
        {
            port = runningPort;
            ownsProcess = AdoptIfOrphaned(files);
            LogReusing(logger, port, ownsProcess);
        }
        else
        {
            port = ChoosePort(options.Port, files);
            await StartProcessAsync(binaries, files, account, port, options.Ephemeral, cancellationToken);
            ownsProcess = true;
            File.WriteAllText(files.OwnerFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            LogStarted(logger, port, files.ClusterDirectory);
        }

        File.WriteAllText(files.PortFile, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await EnsureDatabaseAsync(ConnectionStringFor(port, password, "postgres"), options.Database, cancellationToken);
        return new EmbeddedPostgresServer(
            binaries, files, account, port, ConnectionStringFor(port, password, options.Database), ownsProcess, logger);
    }

    /// <summary>A connection string for another database of this cluster (tests create one per test class).</summary>
    public string ConnectionStringForDatabase(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!ownsProcess || !File.Exists(files.PidFile))
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await ProcessRunner.RunAsync(binaries.PgCtl, ["stop", "-D", files.ClusterDirectory, "-m", "fast", "-w", "-t", "60"], account, cancellationToken);
        File.Delete(files.OwnerFile);
        LogStopped(logger, Port);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private static async Task<ClusterFiles> PrepareDirectoryAsync(
        ClusterFiles files, string? account, ILogger logger, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(files.StatePrefix)!);
        if (account is null)
        {
            Directory.CreateDirectory(files.ClusterDirectory);
            return files;
        }

        var relocated = files.Relocated();
        if (!files.IsInitialized && relocated.IsInitialized)
        {
            return relocated;
        }

        if (await TryHandOverAsync(files, account, cancellationToken))
        {
            return files;
        }

        TryDeleteEmpty(files.ClusterDirectory);
        if (await TryHandOverAsync(relocated, account, cancellationToken))
        {
            LogRelocated(logger, files.ClusterDirectory, account, relocated.ClusterDirectory);
            return relocated;
        }

        throw new EmbeddedPostgresException(
            $"The account '{account}' that runs PostgreSQL cannot write {files.ClusterDirectory}; choose another MODULARDESK_DATA_DIR.");
    }

    private static async Task<bool> TryHandOverAsync(ClusterFiles files, string account, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(files.ClusterDirectory);
        if (!files.IsInitialized)
        {
            await ServerAccount.GiveAsync(files.ClusterDirectory, account, cancellationToken);
        }

        return await ServerAccount.CanWriteAsync(account, files.ClusterDirectory, cancellationToken);
    }

    private static void TryDeleteEmpty(string directory)
    {
        if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            Directory.Delete(directory);
        }
    }

    private static string ReadOrCreatePassword(ClusterFiles files)
    {
        if (File.Exists(files.PasswordFile))
        {
            return File.ReadAllText(files.PasswordFile).Trim();
        }

        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', 'x').Replace('/', 'y');
        ClusterFiles.WriteSecret(files.PasswordFile, password);
        return password;
    }

    private static async Task InitializeAsync(
        PostgresBinaries binaries, ClusterFiles files, string? account, string password,
        EmbeddedPostgresOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        // initdb needs an empty directory; a half-finished earlier attempt is discarded.
        foreach (var entry in Directory.EnumerateFileSystemEntries(files.ClusterDirectory))
        {
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }

        var passwordFile = Path.Combine(Path.GetTempPath(), $"modulardesk-pg-{Guid.NewGuid():N}");
        ClusterFiles.WriteSecret(passwordFile, password);
        try
        {
            if (account is not null)
            {
                await ServerAccount.GiveAsync(passwordFile, account, cancellationToken);
            }

            LogInitializing(logger, files.ClusterDirectory);
            List<string> arguments =
            [
                "-D", files.ClusterDirectory, "-U", Superuser, "--auth=scram-sha-256", "--pwfile", passwordFile,
                "--encoding=UTF8", "--locale=C.UTF-8",
            ];
            if (options.Ephemeral)
            {
                arguments.Add("--no-sync");
            }

            await ProcessRunner.RunAsync(binaries.InitDb, arguments, account, cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static async Task<int?> FindRunningAsync(ClusterFiles files, string password, CancellationToken cancellationToken)
    {
        if (!File.Exists(files.PidFile))
        {
            return null;
        }

        // postmaster.pid: line 1 pid, line 4 port.
        var lines = await File.ReadAllLinesAsync(files.PidFile, cancellationToken);
        if (lines.Length < 4 || !int.TryParse(lines[3], out var port))
        {
            return null;
        }

        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(ConnectionStringFor(port, password, "postgres")) { Timeout = 3 }.ConnectionString;
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            return port;
        }
        catch (Exception exception) when (exception is NpgsqlException or SocketException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>A cluster left running by a host that died is ours to stop; one another live host started is not.</summary>
    private static bool AdoptIfOrphaned(ClusterFiles files)
    {
        if (File.Exists(files.OwnerFile)
            && int.TryParse(File.ReadAllText(files.OwnerFile).Trim(), out var ownerPid)
            && ownerPid != Environment.ProcessId
            && IsAlive(ownerPid))
        {
            return false;
        }

        File.WriteAllText(files.OwnerFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static int ChoosePort(int? configured, ClusterFiles files)
    {
        if (configured is { } port)
        {
            return port;
        }

        if (File.Exists(files.PortFile) && int.TryParse(File.ReadAllText(files.PortFile).Trim(), out var lastPort) && IsFree(lastPort))
        {
            return lastPort;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task StartProcessAsync(
        PostgresBinaries binaries, ClusterFiles files, string? account, int port, bool ephemeral, CancellationToken cancellationToken)
    {
        var serverOptions = $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''";
        // An ephemeral (test) cluster serves every host of a test process at once, each with a pool of up to 100, and the
        // two-host routing test adds a second host on one database: 300 slots ran out while it ran beside the router tests.
        serverOptions += ephemeral
            ? " -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=1000"
            : " -c max_connections=200";
        // For profiling a bench, e.g. MODULARDESK_PG_SERVER_OPTIONS="-c shared_preload_libraries=pg_stat_statements".
        if (Environment.GetEnvironmentVariable("MODULARDESK_PG_SERVER_OPTIONS") is { Length: > 0 } extra)
        {
            serverOptions += " " + extra;
        }

        await ProcessRunner.RunAsync(
            binaries.PgCtl,
            ["start", "-D", files.ClusterDirectory, "-l", files.LogFile, "-w", "-t", "60", "-o", serverOptions],
            account,
            cancellationToken);
    }

    private static async Task EnsureDatabaseAsync(string maintenanceConnectionString, string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(maintenanceConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another host created it a moment ago.
        }
    }

    private static string ConnectionStringFor(int port, string password, string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = Superuser,
            Password = password,
            Database = database,
        }.ConnectionString;

    [LoggerMessage(LogLevel.Information, "Creating the embedded PostgreSQL cluster in {Directory}")]
    private static partial void LogInitializing(ILogger logger, string directory);

    [LoggerMessage(LogLevel.Information, "Embedded PostgreSQL started on 127.0.0.1:{Port} ({Directory})")]
    private static partial void LogStarted(ILogger logger, int port, string directory);

    [LoggerMessage(LogLevel.Information, "Embedded PostgreSQL already running on 127.0.0.1:{Port}; reusing it (stopped on shutdown: {Owned})")]
    private static partial void LogReusing(ILogger logger, int port, bool owned);

    [LoggerMessage(LogLevel.Information, "Embedded PostgreSQL on port {Port} stopped")]
    private static partial void LogStopped(ILogger logger, int port);

    [LoggerMessage(LogLevel.Warning, "{Directory} is not reachable by the account {Account} that runs PostgreSQL; the cluster lives in {Relocated} instead")]
    private static partial void LogRelocated(ILogger logger, string directory, string account, string relocated);
}
