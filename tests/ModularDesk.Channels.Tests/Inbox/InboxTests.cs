using ModularDesk.Testing;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Channels.Contracts;
using ModularDesk.Channels.Contracts.Inbox;
using ModularDesk.Channels.Tests.Support;

namespace ModularDesk.Channels.Tests.Inbox;

/// <summary>
/// The inbox as the ingestion worker uses it (<see cref="IInbox"/>), seen through <c>GET /api/v1/inbound/{id}</c>.
/// One database for this class, so the claims see only its messages; the tests run one after another.
/// </summary>
public sealed class InboxTests(ChannelsHostFixture host) : IClassFixture<ChannelsHostFixture>
{
    private IInbox Inbox => host.Factory.Services.GetRequiredService<IInbox>();

    private async Task<Guid> PostAsync(HttpClient admin, string externalMessageId)
    {
        using var response = await admin.PostAsJsonAsync("/api/v1/inbound", new
        {
            channelId = BuiltInChannels.ApiChannelId,
            externalMessageId,
            from = new { kind = "messenger", value = "123456789", messenger = "telegram" },
            text = "Dzień dobry",
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("inboxId").GetGuid();
    }

    private async Task<System.Text.Json.JsonElement> StatusAsync(HttpClient admin, Guid inboxId)
    {
        using var response = await admin.GetAsync($"/api/v1/inbound/{inboxId}");
        return await response.JsonAsync();
    }

    [Fact]
    public async Task A_claimed_message_is_leased_and_once_processed_shows_its_ticket_and_client()
    {
        using var admin = await host.AdminAsync();
        var inboxId = await PostAsync(admin, $"m-{Guid.NewGuid()}");

        var claimed = await Inbox.ClaimPendingAsync(100, TimeSpan.FromMinutes(5), CancellationToken.None);
        var again = await Inbox.ClaimPendingAsync(100, TimeSpan.FromMinutes(5), CancellationToken.None);

        var message = Assert.Single(claimed, m => m.InboxId == inboxId);
        Assert.Equal("api", message.PluginId);
        Assert.Equal("telegram", message.Message.From.Messenger);
        Assert.Equal("Dzień dobry", message.Message.Text);
        Assert.Equal(0, message.Attempts);
        Assert.DoesNotContain(again, m => m.InboxId == inboxId);

        var ticketId = Guid.CreateVersion7();
        var clientId = Guid.CreateVersion7();
        await Inbox.MarkProcessedAsync(inboxId, ticketId, clientId, CancellationToken.None);

        var status = await StatusAsync(admin, inboxId);
        Assert.Equal("processed", status.GetProperty("status").GetString());
        Assert.Equal(ticketId, status.GetProperty("ticketId").GetGuid());
        Assert.Equal(clientId, status.GetProperty("clientId").GetGuid());
    }

    [Fact]
    public async Task A_batch_marked_processed_in_one_call_shows_each_message_with_its_own_ticket_and_client()
    {
        using var admin = await host.AdminAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await PostAsync(admin, $"m-{Guid.NewGuid()}"));
        }

        var untouched = await PostAsync(admin, $"m-{Guid.NewGuid()}");
        var claimed = await Inbox.ClaimPendingAsync(100, TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.All(ids, id => Assert.Contains(claimed, m => m.InboxId == id));

        var marks = ids.Select(id => new ProcessedInboxMessage(id, Guid.CreateVersion7(), Guid.CreateVersion7())).ToList();
        await Inbox.MarkProcessedAsync(marks, CancellationToken.None);

        foreach (var mark in marks)
        {
            var status = await StatusAsync(admin, mark.InboxId);
            Assert.Equal("processed", status.GetProperty("status").GetString());
            Assert.Equal(mark.TicketId, status.GetProperty("ticketId").GetGuid());
            Assert.Equal(mark.ClientId, status.GetProperty("clientId").GetGuid());
        }

        Assert.Equal("pending", (await StatusAsync(admin, untouched)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_failed_attempt_is_retried_when_due_and_a_final_failure_shows_its_error()
    {
        using var admin = await host.AdminAsync();
        var inboxId = await PostAsync(admin, $"m-{Guid.NewGuid()}");
        Assert.Contains(await Inbox.ClaimPendingAsync(100, TimeSpan.FromMinutes(5), CancellationToken.None), m => m.InboxId == inboxId);

        await Inbox.MarkFailedAsync(inboxId, "clients module unavailable", DateTimeOffset.UtcNow.AddSeconds(-1), CancellationToken.None);
        var retry = await Inbox.ClaimPendingAsync(100, TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.Equal(1, Assert.Single(retry, m => m.InboxId == inboxId).Attempts);
        Assert.Equal("pending", (await StatusAsync(admin, inboxId)).GetProperty("status").GetString());

        await Inbox.MarkFailedAsync(inboxId, "the sender is blocked", null, CancellationToken.None);

        var status = await StatusAsync(admin, inboxId);
        Assert.Equal("failed", status.GetProperty("status").GetString());
        Assert.Equal("the sender is blocked", status.GetProperty("error").GetString());
        Assert.DoesNotContain(await Inbox.ClaimPendingAsync(100, TimeSpan.Zero, CancellationToken.None), m => m.InboxId == inboxId);
    }
}
