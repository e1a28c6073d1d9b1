using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Channels.Contracts.Outbound;
using ModularDesk.Channels.Outbound;
using ModularDesk.Channels.Persistence;
using ModularDesk.Testing;

namespace ModularDesk.Channels.Tests.Outbound;

/// <summary>
/// The real host with the recording outbound test plugin installed under several ids: <c>test-outbound</c>, and as
/// the channel types whose rules the queue knows (<c>whatsapp</c> with templates, <c>facebook</c>, <c>email</c>,
/// <c>telegram</c>). A fast sender: polls every 100 ms, retries after 50 ms doubling up to 1 s, gives up after 3 attempts.
/// </summary>
public class OutboundHostFixture : HostFixture
{
    public const string TestPluginId = "test-outbound";
    private const string RecordingPlugin = "ModularDesk.TestPlugins.Outbound";
    private readonly System.Collections.Concurrent.ConcurrentBag<string> recordFolders = [];

    public static readonly IReadOnlyDictionary<string, string> OutboundSettings = new Dictionary<string, string>
    {
        ["Outbound:PollMilliseconds"] = "100",
        ["Outbound:RetryBaseMilliseconds"] = "50",
        ["Outbound:RetryMaxSeconds"] = "1",
        ["Outbound:MaxAttempts"] = "3",
    };

    public OutboundHostFixture()
    {
        var buildOutput = typeof(OutboundHostFixture).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "TestPluginsDirectory").Value!;
        var source = Path.Combine(buildOutput, RecordingPlugin);
        if (!File.Exists(Path.Combine(source, "plugin.json")))
        {
            throw new InvalidOperationException($"{RecordingPlugin} was not built into {source}");
        }

        Install(source, TestPluginId, templates: false);
        Install(source, "whatsapp", templates: true);
        Install(source, "facebook", templates: false);
        Install(source, "email", templates: false);
        Install(source, "telegram", templates: false);
        foreach (var (key, value) in OutboundSettings)
        {
            Set(key, value);
        }
    }

    /// <summary>Queues one message through the contract, as Tickets and Clients do.</summary>
    public async Task<OutboundEnqueueResult> EnqueueAsync(OutboundRequest request)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOutboundQueue>().EnqueueAsync(request);
    }

    public async Task<T> WithServiceAsync<T, TService>(Func<TService, Task<T>> use)
        where TService : notnull
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>A channel of <paramref name="pluginId"/> recording its sends to a fresh folder.</summary>
    public async Task<TestChannel> CreateChannelAsync(string pluginId = TestPluginId)
    {
        var record = TempDirectory.Create("outbound-record");
        recordFolders.Add(record);
        using var admin = await CreateAdminClientAsync();
        using var response = await admin.PostAsJsonAsync("/api/v1/channels", new
        {
            pluginId,
            name = $"{pluginId} {Guid.NewGuid():N}",
            settings = new { recordDirectory = record },
        });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Creating a {pluginId} channel failed: {await response.Content.ReadAsStringAsync()}");
        }

        var id = (await response.JsonAsync()).GetProperty("id").GetGuid();
        return new TestChannel(id, pluginId, record);
    }

    /// <summary>Posts to the channel's webhook as the service would (the connector turns it into sink calls).</summary>
    public async Task WebhookAsync(Guid channelId, object body)
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync($"/channels/{channelId}/webhook", body, Json);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The stored outbound message (what History's outbound list shows).</summary>
    internal async Task<OutboundRecord> RecordAsync(Guid outboundId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ChannelsDbContext>().OutboundMessages.AsNoTracking()
            .SingleAsync(m => m.Id == outboundId);
    }

    internal Task<OutboundRecord> WaitForStatusAsync(Guid outboundId, string status) =>
        Eventually.ReturnsAsync(() => RecordAsync(outboundId), r => r.Status == status, TimeSpan.FromSeconds(20), $"outbound {outboundId} to be {status}");

    /// <summary>The <c>OutboundStatusChanged</c> events published for the message, oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> StatusEventsAsync(Guid outboundId) => await EventsAsync(nameof(OutboundStatusChanged), outboundId);

    public async Task<IReadOnlyList<JsonElement>> EventsAsync(string eventName, Guid outboundId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChannelsDbContext>();
        var payloads = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.EventType.StartsWith("ModularDesk.Channels.Contracts.Outbound." + eventName + ","))
            .OrderBy(m => m.OccurredAt)
            .Select(m => m.Payload)
            .ToListAsync();
        return payloads.Select(p => JsonDocument.Parse(p).RootElement)
            .Where(e => e.GetProperty("outboundId").GetGuid() == outboundId)
            .ToList();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var folder in recordFolders)
        {
            TempDirectory.TryDelete(folder);
        }
    }

    private void Install(string source, string id, bool templates)
    {
        var target = Path.Combine(PluginsDirectory, id);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        var manifestPath = Path.Combine(target, "plugin.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        manifest["id"] = id;
        manifest["name"] = $"Test: recording {id}";
        manifest["capabilities"] = templates ? new JsonArray("webhook", "outbound", "templates") : new JsonArray("webhook", "outbound");
        File.WriteAllText(manifestPath, manifest.ToJsonString());
    }
}

/// <summary>A channel made for a test, and the folder its connector records sends in.</summary>
public sealed record TestChannel(Guid Id, string PluginId, string RecordDirectory)
{
    /// <summary>The recorded send attempts of one message, oldest first.</summary>
    public IReadOnlyList<JsonElement> Sends(Guid outboundId) =>
        Directory.Exists(RecordDirectory)
            ? Directory.GetFiles(RecordDirectory, $"{outboundId}.*.json")
                .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement)
                .OrderBy(e => e.GetProperty("attempt").GetInt32())
                .ToList()
            : [];

    public int SendCount => Directory.Exists(RecordDirectory) ? Directory.GetFiles(RecordDirectory, "*.json").Length : 0;
}
