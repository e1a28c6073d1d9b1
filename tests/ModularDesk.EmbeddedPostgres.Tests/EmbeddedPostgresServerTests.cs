using Microsoft.Extensions.Logging.Abstractions;
using ModularDesk.Testing;
using Npgsql;
using Xunit;

namespace ModularDesk.EmbeddedPostgres.Tests;

public sealed class EmbeddedPostgresServerTests : IDisposable
{
    private readonly string dataDirectory = TempDirectory.Create("embedded");

    [Fact]
    public async Task First_start_creates_a_cluster_with_the_application_database_and_a_private_password()
    {
        await using var server = await StartAsync();

        Assert.Equal("modulardesk", await ScalarAsync<string>(server.ConnectionString, "SELECT current_database()"));
        Assert.True(File.Exists(Path.Combine(server.ClusterDirectory, "PG_VERSION")));
        var passwordFile = Path.Combine(dataDirectory, "postgres.password");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwordFile));
        var withoutPassword = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Password = "wrong" }.ConnectionString;
        await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<int>(withoutPassword, "SELECT 1"));
    }

    [Fact]
    public async Task Stopping_and_starting_again_keeps_the_data_and_the_port()
    {
        int firstPort;
        await using (var first = await StartAsync())
        {
            firstPort = first.Port;
            await ScalarAsync<int>(first.ConnectionString, "CREATE TABLE notes(text text); INSERT INTO notes VALUES ('kept'); SELECT 1");
        }

        await using var second = await StartAsync();

        Assert.Equal(firstPort, second.Port);
        Assert.Equal("kept", await ScalarAsync<string>(second.ConnectionString, "SELECT text FROM notes"));
    }

    [Fact]
    public async Task A_cluster_left_running_by_a_dead_host_is_reused_and_stopped_by_the_next_one()
    {
        var first = await StartAsync();
        var pidFile = Path.Combine(first.ClusterDirectory, "postmaster.pid");
        var postmasterPid = File.ReadLines(pidFile).First();
        // The owning host "died": its owner file names a process that no longer exists.
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, "postgres.owner"), "2147483646");

        var second = await StartAsync();

        Assert.Equal(first.Port, second.Port);
        Assert.Equal(postmasterPid, File.ReadLines(pidFile).First());
        await second.StopAsync(CancellationToken.None);
        Assert.False(File.Exists(pidFile));
    }

    [Fact]
    public async Task A_cluster_another_live_host_started_is_shared_but_not_stopped()
    {
        await using var first = await StartAsync();
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, "postgres.owner"), Environment.ProcessId == 1 ? "2" : "1");

        var second = await StartAsync();
        await second.StopAsync(CancellationToken.None);

        Assert.Equal(1, await ScalarAsync<int>(first.ConnectionString, "SELECT 1"));
    }

    [Fact]
    public async Task When_the_host_runs_as_root_the_server_runs_as_an_unprivileged_account()
    {
        if (Environment.UserName != "root")
        {
            return; // Only meaningful as root, which is how CI runs the suite.
        }

        await using var server = await StartAsync();

        var pid = File.ReadLines(Path.Combine(server.ClusterDirectory, "postmaster.pid")).First();
        var uidLine = File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith("Uid:", StringComparison.Ordinal));

        Assert.NotEqual("0", uidLine.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    [Fact]
    public async Task Missing_server_programs_give_a_message_naming_the_package_to_install()
    {
        var empty = TempDirectory.Create("no-postgres");
        var previous = Environment.GetEnvironmentVariable("MODULARDESK_PG_BIN");
        Environment.SetEnvironmentVariable("MODULARDESK_PG_BIN", empty);
        try
        {
            var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(StartAsync);
            Assert.Contains("apt-get install -y postgresql", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("MODULARDESK_PG_BIN", previous);
        }
    }

    public void Dispose() => TempDirectory.TryDelete(dataDirectory);

    private Task<EmbeddedPostgresServer> StartAsync() =>
        EmbeddedPostgresServer.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = Path.Combine(dataDirectory, "postgres"), Ephemeral = true },
            NullLogger.Instance,
            CancellationToken.None);

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
