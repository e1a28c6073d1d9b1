using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModularDesk.Testing;
using Xunit;

namespace ModularDesk.Host.Tests;

/// <summary>The README's run command, as a user lives it: first start, login, stop, start again, crash.</summary>
public sealed class HostProcessTests : IDisposable
{
    private readonly string dataDirectory = TempDirectory.Create("process-data");
    private readonly string pluginsDirectory = TempDirectory.Create("process-plugins");

    [Fact]
    public async Task First_start_with_the_embedded_database_generates_an_admin_password_that_logs_in_and_a_restart_reuses_the_data()
    {
        string password;
        await using (var first = Start())
        {
            await first.WaitUntilReadyAsync();
            var passwordFile = Path.Combine(dataDirectory, "admin-password.txt");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwordFile));
            password = (await File.ReadAllTextAsync(passwordFile)).Trim();
            Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync(first, password));
            await first.StopAsync();
        }

        Assert.False(File.Exists(Path.Combine(dataDirectory, "postgres", "postmaster.pid")), "the embedded PostgreSQL stops with the host");

        await using var second = Start();
        await second.WaitUntilReadyAsync();
        Assert.Equal(password, (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "admin-password.txt"))).Trim());
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync(second, password));
    }

    [Fact]
    public async Task After_the_host_is_killed_the_next_start_adopts_the_running_database()
    {
        await using (var crashed = Start())
        {
            await crashed.WaitUntilReadyAsync();
            await crashed.KillAsync();
        }

        await using var next = Start();
        await next.WaitUntilReadyAsync();
        var password = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "admin-password.txt"))).Trim();
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync(next, password));
        await next.StopAsync();
        Assert.False(File.Exists(Path.Combine(dataDirectory, "postgres", "postmaster.pid")), "the adopting host stops the database it adopted");
    }

    public void Dispose()
    {
        TempDirectory.TryDelete(dataDirectory);
        TempDirectory.TryDelete(pluginsDirectory);
    }

    private HostProcess Start() => HostProcess.Start(new Dictionary<string, string?>
    {
        ["MODULARDESK_DATA_DIR"] = dataDirectory,
        ["Plugins__Directory"] = pluginsDirectory,
        ["MODULARDESK_ADMIN_PASSWORD"] = null,
    });

    private static async Task<HttpStatusCode> LoginStatusAsync(HostProcess host, string password)
    {
        using var client = host.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "admin@localhost", password });
        if (response.StatusCode == HttpStatusCode.OK)
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.False(string.IsNullOrEmpty(body.GetProperty("token").GetString()));
        }

        return response.StatusCode;
    }
}
