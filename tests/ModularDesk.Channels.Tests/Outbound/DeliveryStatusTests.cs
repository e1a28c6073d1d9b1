namespace ModularDesk.Channels.Tests.Outbound;

/// <summary>
/// Delivery news a connector reports (<c>IDeliveryStatusSink</c>, here through the test plugin's webhook) moves the
/// sent message forward only, whatever order the service sends it in, and publishes each change.
/// </summary>
public sealed class DeliveryStatusTests(OutboundHostFixture host) : IClassFixture<OutboundHostFixture>
{
    private async Task<(TestChannel Channel, Guid OutboundId, string ExternalId)> SentAsync(string to = "anna@example.test")
    {
        var channel = await host.CreateChannelAsync();
        var result = await host.EnqueueAsync(new Contracts.Outbound.OutboundRequest(channel.Id, new("email", to), "Hello"));
        var sent = await host.WaitForStatusAsync(result.OutboundId!.Value, "sent");
        return (channel, sent.Id, sent.ExternalMessageId!);
    }

    private Task ReportAsync(Guid channelId, string externalId, string status, DateTimeOffset at, string? error = null) =>
        host.WebhookAsync(channelId, new { report = new { externalMessageId = externalId, status, at, error } });

    [Fact]
    public async Task Delivered_then_read_move_the_message_forward_and_a_late_delivered_or_failed_changes_nothing()
    {
        var (channel, id, externalId) = await SentAsync();
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        await ReportAsync(channel.Id, externalId, "delivered", t0.AddSeconds(1));
        Assert.Equal("delivered", (await host.WaitForStatusAsync(id, "delivered")).Status);
        await ReportAsync(channel.Id, externalId, "read", t0.AddSeconds(2));
        await ReportAsync(channel.Id, externalId, "delivered", t0.AddSeconds(3));
        await ReportAsync(channel.Id, externalId, "failed", t0.AddSeconds(4), "expired");

        var record = await host.RecordAsync(id);
        Assert.Equal("read", record.Status);
        Assert.Equal(t0.AddSeconds(1), record.DeliveredAt);
        Assert.Equal(t0.AddSeconds(2), record.ReadAt);
        Assert.Null(record.Error);
        var statuses = (await host.StatusEventsAsync(id)).Select(e => e.GetProperty("status").GetString()).ToList();
        Assert.Equal(["sent", "delivered", "read"], statuses);
    }

    [Fact]
    public async Task Read_reported_before_delivered_ends_read_with_both_times()
    {
        var (channel, id, externalId) = await SentAsync();
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        await ReportAsync(channel.Id, externalId, "read", t0.AddSeconds(2));
        await ReportAsync(channel.Id, externalId, "delivered", t0.AddSeconds(1));

        var record = await host.RecordAsync(id);
        Assert.Equal("read", record.Status);
        Assert.Equal(t0.AddSeconds(2), record.ReadAt);
        Assert.Equal(t0.AddSeconds(2), record.DeliveredAt);
        Assert.Equal(["sent", "read"], (await host.StatusEventsAsync(id)).Select(e => e.GetProperty("status").GetString()).ToList());
    }

    [Fact]
    public async Task A_failure_report_fails_the_message_with_the_services_reason()
    {
        var (channel, id, externalId) = await SentAsync();

        await ReportAsync(channel.Id, externalId, "failed", DateTimeOffset.UtcNow, "131047: Re-engagement message");

        var record = await host.RecordAsync(id);
        Assert.Equal("failed", record.Status);
        Assert.Equal("131047: Re-engagement message", record.Error);
        var failed = (await host.StatusEventsAsync(id))[^1];
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("131047: Re-engagement message", failed.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_report_that_arrives_while_the_send_is_still_being_recorded_is_applied_once_it_is()
    {
        var channel = await host.CreateChannelAsync();
        var result = await host.EnqueueAsync(new Contracts.Outbound.OutboundRequest(channel.Id, new("email", "slow@example.test"), "Hello"));
        var id = result.OutboundId!.Value;

        // The connector answers after 500 ms; the service's "delivered" webhook comes first.
        await ReportAsync(channel.Id, $"ext-{id:N}", "delivered", DateTimeOffset.UtcNow);

        var record = await host.WaitForStatusAsync(id, "delivered");
        Assert.Equal($"ext-{id:N}", record.ExternalMessageId);
        Assert.Equal(["sent", "delivered"], (await host.StatusEventsAsync(id)).Select(e => e.GetProperty("status").GetString()).ToList());
    }

    [Fact]
    public async Task A_report_about_a_message_this_desk_never_sent_changes_nothing()
    {
        var (channel, id, _) = await SentAsync();

        await ReportAsync(channel.Id, "ext-someone-else", "read", DateTimeOffset.UtcNow);

        Assert.Equal("sent", (await host.RecordAsync(id)).Status);
    }
}
