using System.Net.Http.Json;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Agents.Tests.Support;
using ModularDesk.Testing;
using Npgsql;

namespace ModularDesk.Agents.Tests.Setup;

/// <summary>The recurring job that keeps the token and sign-in tables from growing forever.</summary>
public sealed class SignInHousekeepingTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task The_recurring_job_purges_expired_sessions_and_day_old_attempts_but_keeps_live_tokens()
    {
        using var admin = await host.CreateAdminClientAsync();
        using var created = await admin.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "Kept" });
        var apiToken = (await created.JsonAsync()).GetProperty("token").GetString()!;
        using var me = await admin.GetAsync("/api/v1/auth/me");
        var adminId = (await me.JsonAsync()).GetProperty("id").GetGuid();
        var expiredId = Guid.CreateVersion7();
        await ExecuteAsync(
            $"""
            INSERT INTO agents.access_tokens (id, agent_id, kind, name, token_hash, created_at, expires_at)
            VALUES ('{expiredId}', '{adminId}', 'session', 'Old sign-in', '\x01'::bytea, now() - interval '2 days', now() - interval '1 day');
            INSERT INTO agents.login_attempts (email, ip, at, succeeded) VALUES ('old@example.test', '10.0.0.1', now() - interval '2 days', false);
            """);

        host.Factory.Services.GetRequiredService<IRecurringJobManager>().Trigger("agents:sign-in-housekeeping");

        await Eventually.TrueAsync(
            async () => await CountAsync($"SELECT count(*) FROM agents.access_tokens WHERE id = '{expiredId}'") == 0
                        && await CountAsync("SELECT count(*) FROM agents.login_attempts WHERE email = 'old@example.test'") == 0,
            what: "the housekeeping job to purge");
        using var integration = host.CreateClientWithToken(apiToken);
        using var stillWorks = await integration.GetAsync("/api/v1/auth/me");
        Assert.Equal(System.Net.HttpStatusCode.OK, stillWorks.StatusCode);
        using var session = await admin.GetAsync("/api/v1/auth/me");
        Assert.Equal(System.Net.HttpStatusCode.OK, session.StatusCode);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(host.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(host.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
