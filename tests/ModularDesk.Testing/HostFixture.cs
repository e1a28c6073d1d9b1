using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace ModularDesk.Testing;

/// <summary>
/// A running ModularDesk host for a test class: its own database (from the migrated template), its
/// own data directory and plugins folder, and helpers to act as the admin, an agent or anonymously.
/// </summary>
public class HostFixture : IAsyncLifetime
{
    public const string AdminEmail = "admin@localhost";
    public const string AdminPassword = "Admin-Password-For-Tests-1";
    public const string AgentPassword = "Agent-Password-For-Tests-1";

    private readonly Dictionary<string, string?> settings = new(StringComparer.OrdinalIgnoreCase);
    private ModularDeskFactory? factory;
    private TestDatabase? database;

    public HostFixture()
    {
        DataDirectory = TempDirectory.Create("data");
        PluginsDirectory = TempDirectory.Create("plugins");
    }

    public ModularDeskFactory Factory => factory ?? throw new InvalidOperationException("The host starts in InitializeAsync.");

    public TestDatabase Database => database ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    public string DataDirectory { get; }

    /// <summary>The folder the host loads plugins from; a derived fixture may point it elsewhere before start.</summary>
    public string PluginsDirectory { get; protected set; }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Adds or overrides a host setting; call before the host starts (constructor of a derived fixture).</summary>
    public void Set(string key, string? value) => settings[key] = value;

    public virtual async Task InitializeAsync()
    {
        database = await CreateDatabaseAsync();
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ConnectionStrings:ModularDesk"] = database.ConnectionString,
            ["MODULARDESK_DATA_DIR"] = DataDirectory,
            ["MODULARDESK_ADMIN_EMAIL"] = AdminEmail,
            ["MODULARDESK_ADMIN_PASSWORD"] = AdminPassword,
            ["Plugins:Directory"] = PluginsDirectory,
            ["Jobs:WorkerCount"] = "4",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        factory = new ModularDeskFactory(all, ConfigureHost, ConfigureGenericHost);
        _ = factory.Server; // starts the host: migrations, start-up tasks, Hangfire, outbox
    }

    public virtual async Task DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }

        TempDirectory.TryDelete(DataDirectory);
        TempDirectory.TryDelete(PluginsDirectory);
    }

    public HttpClient CreateClient() => Factory.CreateClient();

    public async Task<string> LoginAsync(string email, string password)
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Login as {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("token").GetString()!;
    }

    public async Task<HttpClient> CreateAdminClientAsync() => CreateClientWithToken(await LoginAsync(AdminEmail, AdminPassword));

    public Task<HttpClient> CreateClientWithTokenAsync(string token) => Task.FromResult(CreateClientWithToken(token));

    public HttpClient CreateClientWithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The admin creates an agent with a unique email and the given role; returns a client logged in as it.</summary>
    public async Task<HttpClient> CreateAgentClientAsync(string role = "agent")
    {
        using var admin = await CreateAdminClientAsync();
        var email = $"agent-{Guid.NewGuid():N}@example.test";
        using var created = await admin.PostAsJsonAsync(
            "/api/v1/agents", new { name = $"Test {role}", email, password = AgentPassword, role });
        if (!created.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating an agent failed: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        }

        return CreateClientWithToken(await LoginAsync(email, AgentPassword));
    }

    protected virtual Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateAsync();

    /// <summary>Extra host configuration for a derived fixture (services, settings).</summary>
    protected virtual void ConfigureHost(IWebHostBuilder builder)
    {
    }

    /// <summary>
    /// Extra generic-host configuration for a derived fixture, e.g. <c>ConfigureContainer&lt;ContainerBuilder&gt;</c> to
    /// decorate a module's service (runs after the modules registered theirs).
    /// </summary>
    protected virtual void ConfigureGenericHost(IHostBuilder builder)
    {
    }
}
