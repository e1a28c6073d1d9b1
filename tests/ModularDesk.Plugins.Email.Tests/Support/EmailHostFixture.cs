using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using ModularDesk.Testing;

namespace ModularDesk.Plugins.Email.Tests.Support;

/// <summary>
/// The real host with the built <c>email</c> plugin in its plugins folder (copied from the build output, loaded like
/// any third-party plugin), a real Dovecot and an SMTP sink.
/// </summary>
public sealed class EmailHostFixture : HostFixture
{
    private MailServers? servers;

    public EmailHostFixture()
    {
        CopyPlugin(PluginsDirectory);
        Set("Serilog:MinimumLevel:Override:ModularDesk.Channels.Connectors", "Information");
    }

    public MailServers Servers => servers ?? throw new InvalidOperationException("The servers start in InitializeAsync.");

    public DovecotServer Dovecot => Servers.Dovecot;

    public SmtpSink Smtp => Servers.Smtp;

    /// <summary>Where the project's connectors are built ($(PluginsOutputRoot)).</summary>
    public static string BuiltPlugins { get; } = typeof(EmailHostFixture).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "PluginsDirectory").Value!;

    public static void CopyPlugin(string pluginsDirectory)
    {
        var source = Path.Combine(BuiltPlugins, "email");
        if (!File.Exists(Path.Combine(source, "plugin.json")))
        {
            throw new InvalidOperationException($"The email plugin was not built into {source}");
        }

        var target = Path.Combine(pluginsDirectory, "email");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }

    public override async Task InitializeAsync()
    {
        servers = await MailServers.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (servers is not null)
        {
            await servers.DisposeAsync();
        }
    }

    /// <summary>The settings of an email channel on this fixture's servers (api.md's keys), with overrides.</summary>
    public Dictionary<string, object?> Settings(string folder, params (string Key, object? Value)[] overrides) =>
        Servers.Settings(folder, overrides);

    /// <summary>Creates an email channel through <c>POST /api/v1/channels</c>; returns its id.</summary>
    public async Task<Guid> CreateChannelAsync(HttpClient admin, string folder, params (string Key, object? Value)[] overrides)
    {
        using var response = await admin.PostAsJsonAsync(
            "/api/v1/channels", new { pluginId = "email", name = $"Mail {folder}", settings = Settings(folder, overrides) });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Creating the channel failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>The channel's inbox rows: external id → stored payload (as the inbox keeps it).</summary>
    public async Task<Dictionary<string, JsonElement>> InboxAsync(Guid channelId)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT external_message_id, payload::text FROM channels.inbox_messages WHERE channel_id = @c";
        command.Parameters.AddWithValue("c", channelId);
        var rows = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = JsonDocument.Parse(reader.GetString(1)).RootElement.Clone();
        }

        return rows;
    }

    /// <summary>Waits until the channel's inbox holds at least <paramref name="count"/> messages.</summary>
    public Task<Dictionary<string, JsonElement>> WaitForInboxAsync(Guid channelId, int count, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(() => InboxAsync(channelId), rows => rows.Count >= count, timeout ?? TimeSpan.FromSeconds(30), $"{count} messages in the inbox");

    public async Task<Guid> InboxIdAsync(Guid channelId, string externalId) =>
        await Database.ScalarAsync<Guid>(
            "SELECT id FROM channels.inbox_messages WHERE channel_id = @c AND external_message_id = @e", ("c", channelId), ("e", externalId));
}
