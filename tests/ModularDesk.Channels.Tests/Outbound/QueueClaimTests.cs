using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Channels.Contracts.Outbound;
using ModularDesk.Channels.Outbound;

namespace ModularDesk.Channels.Tests.Outbound;

/// <summary>A host whose background sender is off, so a test drives claims and sending step by step.</summary>
public sealed class ManualSenderHostFixture : OutboundHostFixture
{
    public ManualSenderHostFixture() => Set("Outbound:Enabled", "false");
}

/// <summary>
/// The queue's claims and the sender's batches, driven by hand: leases bring a dead host's message back, one
/// recipient's messages are claimed one at a time in order, and a message whose channel was deleted fails.
/// </summary>
public sealed class QueueClaimTests(ManualSenderHostFixture host) : IClassFixture<ManualSenderHostFixture>
{
    private OutboundClaims Claims => host.Factory.Services.GetRequiredService<OutboundClaims>();

    private OutboundSender Sender => host.Factory.Services.GetRequiredService<OutboundSender>();

    private OutboundSettings Settings => OutboundSettings.From(host.Factory.Services.GetRequiredService<IConfiguration>());

    private async Task<Guid> EnqueueAsync(Guid channelId, string to, string text = "Hello") =>
        (await host.EnqueueAsync(new OutboundRequest(channelId, new("email", to), text))).OutboundId!.Value;

    private async Task DrainAsync()
    {
        while (await Sender.DrainBatchAsync(Settings, CancellationToken.None) > 0)
        {
        }
    }

    [Fact]
    public async Task A_message_claimed_by_a_host_that_died_is_claimed_again_when_its_lease_runs_out_and_then_sent()
    {
        var channel = await host.CreateChannelAsync();
        var id = await EnqueueAsync(channel.Id, $"lease-{Guid.NewGuid():N}@example.test");

        var first = Assert.Single(await Claims.ClaimAsync(100, TimeSpan.FromMilliseconds(300), CancellationToken.None), m => m.Id == id);
        Assert.DoesNotContain(await Claims.ClaimAsync(100, TimeSpan.FromMinutes(5), CancellationToken.None), m => m.Id == id);
        await Task.Delay(400);
        var again = await Claims.ClaimAsync(100, TimeSpan.FromMilliseconds(1), CancellationToken.None);

        Assert.Equal(1, first.Attempt);
        Assert.Equal(2, Assert.Single(again, m => m.Id == id).Attempt);
        await Task.Delay(50);
        await DrainAsync();
        var sent = await host.RecordAsync(id);
        Assert.Equal("sent", sent.Status);
        Assert.Single(channel.Sends(id));
    }

    [Fact]
    public async Task Only_the_oldest_queued_message_of_each_recipient_is_claimable()
    {
        var channel = await host.CreateChannelAsync();
        var anna = $"anna-{Guid.NewGuid():N}@example.test";
        var first = await EnqueueAsync(channel.Id, anna, "first");
        var second = await EnqueueAsync(channel.Id, anna.ToUpperInvariant(), "second");
        var other = await EnqueueAsync(channel.Id, $"bob-{Guid.NewGuid():N}@example.test");

        var claimed = (await Claims.ClaimAsync(100, TimeSpan.FromMilliseconds(1), CancellationToken.None)).Select(m => m.Id).ToList();

        Assert.Contains(first, claimed);
        Assert.Contains(other, claimed);
        Assert.DoesNotContain(second, claimed);
        await Task.Delay(20);
        await DrainAsync();
        Assert.Equal("sent", (await host.RecordAsync(second)).Status);
        Assert.True((await host.RecordAsync(first)).SentAt < (await host.RecordAsync(second)).SentAt);
    }

    [Fact]
    public async Task A_message_whose_channel_was_deleted_before_it_went_out_fails_with_that_reason()
    {
        var channel = await host.CreateChannelAsync();
        var id = await EnqueueAsync(channel.Id, "anna@example.test");
        using (var admin = await host.CreateAdminClientAsync())
        {
            using var deleted = await admin.DeleteAsync($"/api/v1/channels/{channel.Id}");
            Assert.True(deleted.IsSuccessStatusCode);
        }

        await DrainAsync();

        var failed = await host.RecordAsync(id);
        Assert.Equal("failed", failed.Status);
        Assert.Equal("The channel was deleted.", failed.Error);
        Assert.Empty(channel.Sends(id));
    }
}
