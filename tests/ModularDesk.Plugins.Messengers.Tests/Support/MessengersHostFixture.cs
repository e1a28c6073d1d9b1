using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Channels.Contracts.Outbound;
using ModularDesk.Plugins.Messengers.Tests.Fakes;
using ModularDesk.Testing;

namespace ModularDesk.Plugins.Messengers.Tests.Support;

/// <summary>
/// The real host with the built <c>telegram</c> and <c>whatsapp</c> plugins in its plugins folder, a fake Bot API and
/// a fake Graph API on local ports, and helpers to create channels through the API and read the inbox.
/// </summary>
public class MessengersHostFixture : HostFixture
{
    public MessengersHostFixture()
    {
        foreach (var plugin in new[] { "telegram", "whatsapp" })
        {
            var source = Path.Combine(BuildOutput, plugin);
            if (!File.Exists(Path.Combine(source, "plugin.json")))
            {
                throw new InvalidOperationException($"The {plugin} plugin was not built into {source}");
            }

            var target = Path.Combine(PluginsDirectory, plugin);
            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(source))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }
    }

    /// <summary>Where the project's connectors build to ($(PluginsOutputRoot)).</summary>
    public static string BuildOutput { get; } = typeof(MessengersHostFixture).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "PluginsDirectory").Value!;

    public FakeTelegramBotApi Telegram { get; } = new();

    public FakeGraphApi Graph { get; } = new();

    public override async Task InitializeAsync()
    {
        await Telegram.StartAsync();
        await Graph.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Telegram.DisposeAsync();
        await Graph.DisposeAsync();
    }

    /// <summary>Creates a channel as an admin would (<c>POST /api/v1/channels</c>); returns its id.</summary>
    public async Task<Guid> CreateChannelAsync(string pluginId, Dictionary<string, object?> settings, string? name = null)
    {
        using var admin = await CreateAdminClientAsync();
        using var response = await admin.PostAsJsonAsync(
            "/api/v1/channels", new { pluginId, name = name ?? $"{pluginId} {Guid.NewGuid():N}", settings });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating a {pluginId} channel failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>A polling Telegram channel for <paramref name="bot"/>, pointed at the fake.</summary>
    public Task<Guid> CreateTelegramChannelAsync(FakeBot bot, Dictionary<string, object?>? extra = null)
    {
        var settings = new Dictionary<string, object?>
        {
            ["botToken"] = bot.Token,
            ["mode"] = "polling",
            ["apiBaseUrl"] = Telegram.BaseUrl,
            ["pollTimeoutSeconds"] = 2,
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return CreateChannelAsync("telegram", settings);
    }

    /// <summary>The channel's inbox entries (external id → stored message as the inbox keeps it), oldest first.</summary>
    public async Task<IReadOnlyList<InboxEntry>> InboxAsync(Guid channelId)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT id, external_message_id, payload::text, status FROM channels.inbox_messages WHERE channel_id = @c ORDER BY received_at, id";
        command.Parameters.AddWithValue("c", channelId);
        var entries = new List<InboxEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new InboxEntry(
                reader.GetGuid(0), reader.GetString(1), JsonDocument.Parse(reader.GetString(2)).RootElement.Clone(), reader.GetString(3)));
        }

        return entries;
    }

    /// <summary>Waits until the channel's inbox holds at least <paramref name="count"/> entries.</summary>
    public Task<IReadOnlyList<InboxEntry>> WaitForInboxAsync(Guid channelId, int count, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(() => InboxAsync(channelId), entries => entries.Count >= count, timeout ?? TimeSpan.FromSeconds(30), $"{count} inbox entries");

    /// <summary>Queues a message the way Tickets (replies) and Clients (card messages) do: the Channels outbound queue.</summary>
    public Task<OutboundEnqueueResult> EnqueueAsync(OutboundRequest request) =>
        Factory.Services.GetRequiredService<IOutboundQueue>().EnqueueAsync(request);

    /// <summary>The outbound history as agents see it (<c>GET /api/v1/outbound?channelId=</c>), newest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> OutboundAsync(Guid channelId)
    {
        using var admin = await CreateAdminClientAsync();
        using var response = await admin.GetAsync($"/api/v1/outbound?channelId={channelId}");
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>Waits until the outbound history shows the message with this id in <paramref name="status"/>.</summary>
    public Task<JsonElement> WaitForOutboundStatusAsync(Guid channelId, Guid outboundId, string status) =>
        Eventually.ReturnsAsync(
            async () => (await OutboundAsync(channelId)).FirstOrDefault(o => o.GetProperty("id").GetGuid() == outboundId),
            o => o.ValueKind == JsonValueKind.Object && o.GetProperty("status").GetString() == status,
            TimeSpan.FromSeconds(60), // the history is fed through two outboxes; the shared test machine can be slow
            $"outbound {outboundId} to be {status}");

    public async Task<string?> CheckpointAsync(Guid channelId, string key) =>
        await Database.ScalarAsync<string>(
            "SELECT value FROM channels.channel_checkpoints WHERE channel_id = @c AND key = @k", ("c", channelId), ("k", key));
}

/// <summary>One row of the channel's inbox as stored.</summary>
public sealed record InboxEntry(Guid InboxId, string ExternalMessageId, JsonElement Payload, string Status)
{
    public string? Text => Payload.TryGetProperty("text", out var text) ? text.GetString() : null;

    public JsonElement From => Payload.GetProperty("from");

    public string? Sender(string field) => From.TryGetProperty(field, out var value) ? value.GetString() : null;

    public IReadOnlyList<(string Name, string ContentType, byte[] Content)> Attachments =>
        Payload.TryGetProperty("attachments", out var list)
            ? list.EnumerateArray()
                .Select(a => (a.GetProperty("name").GetString()!, a.GetProperty("contentType").GetString()!, Convert.FromBase64String(a.GetProperty("contentBase64").GetString()!)))
                .ToList()
            : [];
}
