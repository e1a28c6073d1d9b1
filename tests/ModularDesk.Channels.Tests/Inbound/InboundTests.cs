using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ModularDesk.Channels.Contracts;
using ModularDesk.Channels.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Channels.Tests.Inbound;

/// <summary><c>POST /api/v1/inbound</c> and <c>GET /api/v1/inbound/{id}</c> as an integration uses them.</summary>
public sealed class InboundTests(ChannelsHostFixture host) : IClassFixture<ChannelsHostFixture>
{
    private static readonly Guid ApiChannel = BuiltInChannels.ApiChannelId;

    private static object Message(string externalMessageId) => new
    {
        channelId = ApiChannel,
        externalMessageId,
        from = new { kind = "email", value = "jan@acme.pl", displayName = "Jan Kowalski" },
        subject = "Invoice",
        text = "Where is my invoice?",
        attachments = new[] { new { name = "a.txt", contentType = "text/plain", contentBase64 = Convert.ToBase64String("hello"u8.ToArray()) } },
    };

    [Fact]
    public async Task A_new_message_is_accepted_with_202_and_shows_as_pending()
    {
        using var admin = await host.AdminAsync();

        using var posted = await admin.PostAsJsonAsync("/api/v1/inbound", Message($"m-{Guid.NewGuid()}"));

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var body = await posted.JsonAsync();
        Assert.False(body.GetProperty("duplicate").GetBoolean());
        var inboxId = body.GetProperty("inboxId").GetGuid();

        using var status = await admin.GetAsync($"/api/v1/inbound/{inboxId}");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var view = await status.JsonAsync();
        Assert.Equal(inboxId, view.GetProperty("inboxId").GetGuid());
        Assert.Equal("pending", view.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("ticketId").ValueKind);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("clientId").ValueKind);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("error").ValueKind);
        Assert.True(view.GetProperty("receivedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task A_sent_time_with_a_time_zone_offset_is_accepted()
    {
        using var admin = await host.AdminAsync();

        using var posted = await admin.PostAsJsonAsync("/api/v1/inbound", new
        {
            channelId = ApiChannel,
            externalMessageId = $"m-{Guid.NewGuid()}",
            from = new { kind = "email", value = "ana@acme.pt", displayName = "Ana Silva" },
            text = "Olá",
            sentAt = "2026-11-20T10:15:00+01:00",
        });

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
    }

    [Fact]
    public async Task The_same_message_again_is_a_200_duplicate_with_the_same_inbox_id()
    {
        using var admin = await host.AdminAsync();
        var message = Message($"m-{Guid.NewGuid()}");

        using var first = await admin.PostAsJsonAsync("/api/v1/inbound", message);
        using var second = await admin.PostAsJsonAsync("/api/v1/inbound", message);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var again = await second.JsonAsync();
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Equal((await first.JsonAsync()).GetProperty("inboxId").GetGuid(), again.GetProperty("inboxId").GetGuid());
    }

    [Fact]
    public async Task Fifty_concurrent_posts_of_one_message_store_one_row_and_only_one_is_accepted_as_new()
    {
        using var admin = await host.AdminAsync();
        var externalId = $"m-{Guid.NewGuid()}";
        var json = JsonSerializer.Serialize(Message(externalId), HostFixture.Json);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await admin.PostJsonAsync("/api/v1/inbound", json);
            return (response.StatusCode, Body: await response.JsonAsync());
        }));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.Equal(49, responses.Count(r => r.StatusCode == HttpStatusCode.OK && r.Body.GetProperty("duplicate").GetBoolean()));
        Assert.Single(responses.Select(r => r.Body.GetProperty("inboxId").GetGuid()).Distinct());
        var rows = await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM channels.inbox_messages WHERE channel_id = @c AND external_message_id = @e",
            ("c", ApiChannel), ("e", externalId));
        Assert.Equal(1, rows);
        var events = await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM channels.outbox_messages WHERE event_type LIKE '%InboundMessageReceived%' AND payload->>'inboxId' = @id",
            ("id", responses.First().Body.GetProperty("inboxId").GetGuid().ToString()));
        Assert.Equal(1, events);
    }

    [Fact]
    public async Task A_stored_message_keeps_everything_that_was_sent_including_attachments()
    {
        using var admin = await host.AdminAsync();
        var externalId = $"m-{Guid.NewGuid()}";

        using var posted = await admin.PostAsJsonAsync("/api/v1/inbound", Message(externalId));
        var inboxId = (await posted.JsonAsync()).GetProperty("inboxId").GetGuid();

        var payload = await host.Database.ScalarAsync<string>(
            "SELECT payload::text FROM channels.inbox_messages WHERE id = @id", ("id", inboxId));
        using var stored = JsonDocument.Parse(payload!);
        Assert.Equal(externalId, stored.RootElement.GetProperty("externalMessageId").GetString());
        Assert.Equal("jan@acme.pl", stored.RootElement.GetProperty("from").GetProperty("value").GetString());
        Assert.Equal("Where is my invoice?", stored.RootElement.GetProperty("text").GetString());
        var attachment = stored.RootElement.GetProperty("attachments")[0];
        Assert.Equal("hello", Encoding.UTF8.GetString(Convert.FromBase64String(attachment.GetProperty("contentBase64").GetString()!)));
    }

    [Theory]
    [InlineData("""{ "channelId": "00000000-0000-0000-0000-000000000001", "from": { "kind": "email", "value": "a@b.c" } }""", "externalMessageId")]
    [InlineData("""{ "channelId": "00000000-0000-0000-0000-000000000001", "externalMessageId": "x", "from": { "kind": "pigeon", "value": "a" } }""", "from.kind")]
    [InlineData("""{ "channelId": "00000000-0000-0000-0000-000000000001", "externalMessageId": "x", "from": { "kind": "email" } }""", "from.value")]
    [InlineData("""{ "channelId": "00000000-0000-0000-0000-000000000001", "externalMessageId": "x" }""", "from")]
    [InlineData("""{ "channelId": "00000000-0000-0000-0000-000000000001", "externalMessageId": "x", "from": { "kind": "email", "value": "a@b.c" }, "attachments": [ { "name": "a.bin", "contentBase64": "not base64!" } ] }""", "attachments[0].contentBase64")]
    [InlineData("""{ "channelId": "0194c1f4-0000-7000-8000-000000000000", "externalMessageId": "x", "from": { "kind": "email", "value": "a@b.c" } }""", "channelId")]
    [InlineData("""{ "externalMessageId": "x", "from": { "kind": "email", "value": "a@b.c" } }""", "channelId")]
    public async Task An_invalid_message_is_a_400_naming_the_field(string json, string field)
    {
        using var admin = await host.AdminAsync();

        using var response = await admin.PostJsonAsync("/api/v1/inbound", json);

        await response.AssertProblemAsync(400);
        Assert.Contains(field, await response.ValidationFieldsAsync());
    }

    [Fact]
    public async Task An_external_message_id_longer_than_512_characters_is_a_400()
    {
        using var admin = await host.AdminAsync();
        var json = JsonSerializer.Serialize(Message(new string('x', 513)), HostFixture.Json);

        using var response = await admin.PostJsonAsync("/api/v1/inbound", json);

        await response.AssertProblemAsync(400);
        Assert.Contains("externalMessageId", await response.ValidationFieldsAsync());
    }

    [Theory]
    [InlineData("""{ "channelId": """)]
    [InlineData("""{ "channelId": "not-a-uuid", "externalMessageId": "x" }""")]
    [InlineData("""{ "externalMessageId": 42 }""")]
    [InlineData("""[1, 2, 3]""")]
    public async Task Unreadable_json_is_a_400_problem(string json)
    {
        using var admin = await host.AdminAsync();

        using var response = await admin.PostJsonAsync("/api/v1/inbound", json);

        await response.AssertProblemAsync(400);
    }

    [Fact]
    public async Task A_body_over_25_MiB_is_a_413_problem()
    {
        using var admin = await host.AdminAsync();
        var huge = Convert.ToBase64String(new byte[20 * 1024 * 1024]);
        var json = JsonSerializer.Serialize(new
        {
            channelId = ApiChannel,
            externalMessageId = "huge",
            from = new { kind = "email", value = "a@b.c" },
            attachments = new[] { new { name = "big.bin", contentBase64 = huge } },
        });

        using var response = await admin.PostJsonAsync("/api/v1/inbound", json);

        await response.AssertProblemAsync(413);
        Assert.Equal(0, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM channels.inbox_messages WHERE external_message_id = 'huge'"));
    }

    [Fact]
    public async Task A_body_of_a_few_MiB_with_an_attachment_is_accepted()
    {
        using var admin = await host.AdminAsync();
        var json = JsonSerializer.Serialize(new
        {
            channelId = ApiChannel,
            externalMessageId = $"m-{Guid.NewGuid()}",
            from = new { kind = "phone", value = "+48601234567" },
            attachments = new[] { new { name = "scan.pdf", contentType = "application/pdf", contentBase64 = Convert.ToBase64String(new byte[3 * 1024 * 1024]) } },
        });

        using var response = await admin.PostJsonAsync("/api/v1/inbound", json);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task A_message_for_a_disabled_channel_is_a_400_naming_the_channel()
    {
        using var admin = await host.AdminAsync();
        using var created = await admin.PostAsJsonAsync("/api/v1/channels", new { pluginId = "api", name = "Shop", settings = new { } });
        var channelId = (await created.JsonAsync()).GetProperty("id").GetGuid();
        using var disabled = await admin.PatchJsonAsync($"/api/v1/channels/{channelId}", new { enabled = false });
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);

        using var response = await admin.PostAsJsonAsync("/api/v1/inbound", new
        {
            channelId,
            externalMessageId = "x",
            from = new { kind = "externalId", value = "u-42" },
        });

        await response.AssertProblemAsync(400);
        Assert.Contains("channelId", await response.ValidationFieldsAsync());
    }

    [Fact]
    public async Task An_integration_token_created_by_an_admin_may_post_messages()
    {
        using var admin = await host.AdminAsync();
        using var created = await admin.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "Shop integration" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        using var integration = await host.CreateClientWithTokenAsync((await created.JsonAsync()).GetProperty("token").GetString()!);

        using var response = await integration.PostAsJsonAsync("/api/v1/inbound", Message($"m-{Guid.NewGuid()}"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task An_agent_who_is_not_an_admin_gets_403()
    {
        using var agent = await host.AgentAsync();

        using var response = await agent.PostAsJsonAsync("/api/v1/inbound", Message($"m-{Guid.NewGuid()}"));

        await response.AssertProblemAsync(403);
    }

    [Fact]
    public async Task Without_a_token_the_answer_is_401()
    {
        using var anonymous = host.CreateClient();

        using var response = await anonymous.PostAsJsonAsync("/api/v1/inbound", Message($"m-{Guid.NewGuid()}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("0194c1f4-0000-7000-8000-000000000000")]
    [InlineData("not-an-id")]
    public async Task An_unknown_or_malformed_inbox_id_is_a_404_problem(string id)
    {
        using var admin = await host.AdminAsync();

        using var response = await admin.GetAsync($"/api/v1/inbound/{id}");

        await response.AssertProblemAsync(404);
    }
}
