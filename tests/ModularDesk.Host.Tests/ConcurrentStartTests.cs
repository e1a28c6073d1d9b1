using System.Net;
using ModularDesk.Testing;
using Xunit;

namespace ModularDesk.Host.Tests;

public sealed class ConcurrentStartTests
{
    private static readonly string[] ModuleSchemas = ["agents", "channels", "clients", "organizations", "tickets", "history", "compliance"];

    [Fact]
    public async Task Two_hosts_starting_at_once_on_an_empty_database_migrate_it_once_and_both_become_ready()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        var hosts = new[] { NewHost(database), NewHost(database) };
        try
        {
            await Task.WhenAll(hosts.Select(host => Task.Run(() => host.Server)));

            foreach (var host in hosts)
            {
                using var client = host.CreateClient();
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            }

            foreach (var schema in ModuleSchemas)
            {
                var applied = await database.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".__ef_migrations_history");
                var distinct = await database.ScalarAsync<long>($"SELECT count(DISTINCT migration_id) FROM \"{schema}\".__ef_migrations_history");
                Assert.True(applied > 0, $"schema {schema} has no migrations applied");
                Assert.Equal(distinct, applied);
            }
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    private static ModularDeskFactory NewHost(TestDatabase database) =>
        new(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:ModularDesk"] = database.ConnectionString,
                ["MODULARDESK_DATA_DIR"] = TempDirectory.Create("data"),
                ["MODULARDESK_ADMIN_PASSWORD"] = HostFixture.AdminPassword,
                ["Plugins:Directory"] = TempDirectory.Create("plugins"),
                ["Serilog:MinimumLevel:Default"] = "Warning",
            },
            configure: null);
}
