using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModularDesk.Channels.Contracts;
using ModularDesk.Channels.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Channels.Tests.Instances;

/// <summary>An admin configures channels: <c>/api/v1/channels</c> with the <c>test-working</c> plugin and the built-in API channel.</summary>
public sealed class ChannelTests(ChannelsHostFixture host) : IClassFixture<ChannelsHostFixture>, IDisposable
{
    private const string Secret = "s3cret-Webhook-Value-7f1c";
    private readonly string inboxDirectory = TempDirectory.Create("channel-inbox");

    public void Dispose() => TempDirectory.TryDelete(inboxDirectory);

    private async Task<JsonElement> CreateWorkingChannelAsync(HttpClient admin, object? settings = null)
    {
        using var response = await admin.PostAsJsonAsync("/api/v1/channels", new
        {
            pluginId = ChannelsHostFixture.WorkingPluginId,
            name = "Folder",
            settings = settings ?? new { inboxDirectory, pollMilliseconds = 50, webhookSecret = Secret },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task A_created_channel_shows_its_settings_but_only_the_names_of_its_secrets()
    {
        using var admin = await host.AdminAsync();

        using var created = await admin.PostAsJsonAsync("/api/v1/channels", new
        {
            pluginId = ChannelsHostFixture.WorkingPluginId,
            name = "Folder",
            settings = new { inboxDirectory, webhookSecret = Secret },
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var text = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret, text);
        var body = JsonDocument.Parse(text).RootElement;
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/channels/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("Folder", body.GetProperty("name").GetString());
        Assert.True(body.GetProperty("enabled").GetBoolean());
        Assert.Equal(inboxDirectory, body.GetProperty("settings").GetProperty("inboxDirectory").GetString());
        Assert.False(body.GetProperty("settings").TryGetProperty("webhookSecret", out _));
        Assert.Equal(["webhookSecret"], body.GetProperty("secretsSet").EnumerateArray().Select(s => s.GetString()));

        using var read = await admin.GetAsync($"/api/v1/channels/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.NotNull(read.Headers.ETag);
        Assert.DoesNotContain(Secret, await read.Content.ReadAsStringAsync());

        using var list = await admin.GetAsync("/api/v1/channels?limit=200");
        var listText = await list.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret, listText);
        Assert.Contains(JsonDocument.Parse(listText).RootElement.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Secrets_are_stored_encrypted_and_the_connector_still_reads_them()
    {
        using var admin = await host.AdminAsync();
        var id = (await CreateWorkingChannelAsync(admin)).GetProperty("id").GetGuid();

        var row = await host.Database.ScalarAsync<string>(
            "SELECT row_to_json(c)::text FROM channels.channel_instances c WHERE id = @id", ("id", id));
        Assert.DoesNotContain(Secret, row);
        Assert.Contains("webhookSecret", row);
        Assert.True(await host.Database.ScalarAsync<long>("SELECT count(*) FROM channels.data_protection_keys") >= 1);

        // The test plugin checks X-Test-Secret against the decrypted webhookSecret.
        using var anonymous = host.CreateClient();
        using var wrong = new HttpRequestMessage(HttpMethod.Get, $"/channels/{id}/webhook?challenge=hi") { Headers = { { "X-Test-Secret", "wrong" } } };
        using var refused = await anonymous.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, $"/channels/{id}/webhook?challenge=hi") { Headers = { { "X-Test-Secret", Secret } } };
        using var answered = await anonymous.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("hi", await answered.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_webhook_message_lands_in_the_channels_inbox_once()
    {
        using var admin = await host.AdminAsync();
        var id = (await CreateWorkingChannelAsync(admin)).GetProperty("id").GetGuid();
        using var anonymous = host.CreateClient();
        var externalId = $"wh-{Guid.NewGuid()}";

        async Task<JsonElement> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/channels/{id}/webhook/extra/path")
            {
                Headers = { { "X-Test-Secret", Secret } },
                Content = JsonContent.Create(new { externalMessageId = externalId, from = "jan@acme.pl", text = "hello" }),
            };
            using var response = await anonymous.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.JsonAsync();
        }

        var first = await PostAsync();
        var second = await PostAsync();

        Assert.Equal($"/channels/{id}/webhook/extra/path", first.GetProperty("path").GetString());
        Assert.False(first.GetProperty("duplicate").GetBoolean());
        Assert.True(second.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("inboxId").GetGuid(), second.GetProperty("inboxId").GetGuid());
        Assert.Equal(1, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM channels.inbox_messages WHERE channel_id = @c AND external_message_id = @e", ("c", id), ("e", externalId)));
    }

    [Fact]
    public async Task The_receive_loop_of_a_new_channel_stores_messages_and_its_checkpoint()
    {
        using var admin = await host.AdminAsync();
        var id = (await CreateWorkingChannelAsync(admin)).GetProperty("id").GetGuid();
        var externalId = $"pull-{Guid.NewGuid()}";
        var temporary = Path.Combine(inboxDirectory, "drop.tmp");
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(new { externalMessageId = externalId, from = "anna@acme.pl", text = "hi" }));
        File.Move(temporary, Path.Combine(inboxDirectory, "drop.json"));

        await Eventually.TrueAsync(
            async () => await host.Database.ScalarAsync<string>(
                "SELECT value FROM channels.channel_checkpoints WHERE channel_id = @c AND key = 'received'", ("c", id)) == "1",
            what: "the pulled message's checkpoint");
        Assert.Equal(1, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM channels.inbox_messages WHERE channel_id = @c AND external_message_id = @e", ("c", id), ("e", externalId)));
    }

    [Fact]
    public async Task Patching_merges_settings_a_null_secret_is_removed_and_an_omitted_one_kept()
    {
        using var admin = await host.AdminAsync();
        var id = (await CreateWorkingChannelAsync(admin)).GetProperty("id").GetGuid();

        using var renamed = await admin.PatchJsonAsync($"/api/v1/channels/{id}", new { name = "Renamed", settings = new { outboxDirectory = "/tmp/out" } });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var body = await renamed.JsonAsync();
        Assert.Equal("Renamed", body.GetProperty("name").GetString());
        Assert.Equal(inboxDirectory, body.GetProperty("settings").GetProperty("inboxDirectory").GetString());
        Assert.Equal("/tmp/out", body.GetProperty("settings").GetProperty("outboxDirectory").GetString());
        Assert.Equal(["webhookSecret"], body.GetProperty("secretsSet").EnumerateArray().Select(s => s.GetString()));

        using var removed = await admin.PatchJsonAsync($"/api/v1/channels/{id}", new { settings = new { webhookSecret = (string?)null, outboxDirectory = (string?)null } });
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var after = await removed.JsonAsync();
        Assert.Empty(after.GetProperty("secretsSet").EnumerateArray());
        Assert.False(after.GetProperty("settings").TryGetProperty("outboxDirectory", out _));
    }

    [Fact]
    public async Task A_merge_patch_content_type_is_accepted()
    {
        using var admin = await host.AdminAsync();
        var id = (await CreateWorkingChannelAsync(admin)).GetProperty("id").GetGuid();

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/channels/{id}")
        {
            Content = new StringContent("""{ "enabled": false }""", System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };
        using var response = await admin.SendAsync(patch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await response.JsonAsync()).GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task A_patch_with_a_stale_if_match_is_a_412()
    {
        using var admin = await host.AdminAsync();
        var id = (await CreateWorkingChannelAsync(admin)).GetProperty("id").GetGuid();
        using var read = await admin.GetAsync($"/api/v1/channels/{id}");
        var etag = read.Headers.ETag!;
        using var change = await admin.PatchJsonAsync($"/api/v1/channels/{id}", new { name = "First" });
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);

        using var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/channels/{id}") { Content = JsonContent.Create(new { name = "Second" }) };
        stale.Headers.IfMatch.Add(etag);
        using var response = await admin.SendAsync(stale);

        await response.AssertProblemAsync(412);
    }

    [Fact]
    public async Task An_unknown_plugin_is_a_400_naming_plugin_id()
    {
        using var admin = await host.AdminAsync();

        using var response = await admin.PostAsJsonAsync("/api/v1/channels", new { pluginId = "carrier-pigeon", name = "Birds", settings = new { } });

        await response.AssertProblemAsync(400);
        Assert.Contains("pluginId", await response.ValidationFieldsAsync());
    }

    [Fact]
    public async Task A_missing_required_setting_or_a_wrongly_typed_one_is_a_400_naming_it()
    {
        using var admin = await host.AdminAsync();

        using var response = await admin.PostAsJsonAsync("/api/v1/channels", new
        {
            pluginId = ChannelsHostFixture.WorkingPluginId,
            name = "Folder",
            settings = new { pollMilliseconds = "often" },
        });

        await response.AssertProblemAsync(400);
        var fields = await response.ValidationFieldsAsync();
        Assert.Contains("settings.inboxDirectory", fields);
        Assert.Contains("settings.pollMilliseconds", fields);
    }

    [Fact]
    public async Task Well_known_secret_keys_are_write_only_even_for_a_plugin_that_does_not_declare_them()
    {
        using var admin = await host.AdminAsync();

        using var created = await admin.PostAsJsonAsync("/api/v1/channels", new { pluginId = "api", name = "Shop", settings = new { botToken = Secret, region = "eu" } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var text = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret, text);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(["botToken"], body.GetProperty("secretsSet").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("eu", body.GetProperty("settings").GetProperty("region").GetString());
        Assert.DoesNotContain(Secret, await host.Database.ScalarAsync<string>(
            "SELECT secrets::text FROM channels.channel_instances WHERE id = @id", ("id", body.GetProperty("id").GetGuid())));
    }

    [Fact]
    public async Task The_built_in_api_channel_is_listed_and_cannot_be_deleted()
    {
        using var admin = await host.AdminAsync();

        using var read = await admin.GetAsync($"/api/v1/channels/{BuiltInChannels.ApiChannelId}");
        var body = await read.JsonAsync();
        Assert.Equal("api", body.GetProperty("pluginId").GetString());
        Assert.Equal("API", body.GetProperty("name").GetString());
        Assert.True(body.GetProperty("builtIn").GetBoolean());

        using var deleted = await admin.DeleteAsync($"/api/v1/channels/{BuiltInChannels.ApiChannelId}");
        await deleted.AssertProblemAsync(409);
        using var still = await admin.GetAsync($"/api/v1/channels/{BuiltInChannels.ApiChannelId}");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task A_deleted_channel_is_gone()
    {
        using var admin = await host.AdminAsync();
        var id = (await CreateWorkingChannelAsync(admin)).GetProperty("id").GetGuid();

        using var deleted = await admin.DeleteAsync($"/api/v1/channels/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var read = await admin.GetAsync($"/api/v1/channels/{id}");
        await read.AssertProblemAsync(404);
        using var webhook = await host.CreateClient().PostAsync($"/channels/{id}/webhook", null);
        await webhook.AssertProblemAsync(404);
    }

    [Fact]
    public async Task Testing_a_channel_asks_its_connector()
    {
        using var admin = await host.AdminAsync();
        var working = (await CreateWorkingChannelAsync(admin)).GetProperty("id").GetGuid();
        var missing = (await CreateWorkingChannelAsync(admin, new { inboxDirectory = "/nonexistent/folder" })).GetProperty("id").GetGuid();

        using var ok = await admin.PostAsync($"/api/v1/channels/{working}/test", null);
        using var failed = await admin.PostAsync($"/api/v1/channels/{missing}/test", null);
        using var api = await admin.PostAsync($"/api/v1/channels/{BuiltInChannels.ApiChannelId}/test", null);

        var okBody = await ok.JsonAsync();
        Assert.True(okBody.GetProperty("ok").GetBoolean());
        Assert.Contains(inboxDirectory, okBody.GetProperty("message").GetString());
        var failedBody = await failed.JsonAsync();
        Assert.False(failedBody.GetProperty("ok").GetBoolean());
        Assert.Contains("does not exist", failedBody.GetProperty("message").GetString());
        Assert.True((await api.JsonAsync()).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task The_list_pages_with_a_cursor()
    {
        using var admin = await host.AdminAsync();
        await CreateWorkingChannelAsync(admin);

        using var first = await admin.GetAsync("/api/v1/channels?limit=1");
        var page = await first.JsonAsync();
        Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(BuiltInChannels.ApiChannelId, page.GetProperty("items")[0].GetProperty("id").GetGuid());
        var cursor = page.GetProperty("nextCursor").GetString();
        Assert.NotNull(cursor);

        using var second = await admin.GetAsync($"/api/v1/channels?limit=1&cursor={cursor}");
        var next = await second.JsonAsync();
        Assert.NotEqual(BuiltInChannels.ApiChannelId, next.GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task An_agent_who_is_not_an_admin_gets_403_and_no_token_gets_401()
    {
        using var agent = await host.AgentAsync();
        using var anonymous = host.CreateClient();

        using var forbidden = await agent.GetAsync("/api/v1/channels");
        using var unauthorized = await anonymous.GetAsync("/api/v1/channels");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
    }
}
