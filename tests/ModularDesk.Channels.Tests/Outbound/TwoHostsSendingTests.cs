using ModularDesk.Channels.Contracts.Outbound;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Testing;

namespace ModularDesk.Channels.Tests.Outbound;

/// <summary>Two hosts on one database drain one queue: every message is sent, and sent once.</summary>
public sealed class TwoHostsSendingTests(OutboundHostFixture host) : IClassFixture<OutboundHostFixture>
{
    [Fact]
    public async Task Two_hosts_draining_the_same_queue_send_each_message_exactly_once()
    {
        var data = TempDirectory.Create("second-host");
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ConnectionStrings:ModularDesk"] = host.Database.ConnectionString,
            ["MODULARDESK_DATA_DIR"] = data,
            ["MODULARDESK_ADMIN_EMAIL"] = HostFixture.AdminEmail,
            ["MODULARDESK_ADMIN_PASSWORD"] = HostFixture.AdminPassword,
            ["Plugins:Directory"] = host.PluginsDirectory,
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in OutboundHostFixture.OutboundSettings)
        {
            settings[key] = value;
        }

        await using var second = new ModularDeskFactory(settings, null);
        _ = second.Server;
        try
        {
            var channel = await host.CreateChannelAsync();
            var ids = new List<Guid>();
            for (var i = 0; i < 40; i++)
            {
                // Half queued through each host, so both senders are woken; slow sends keep both busy at once.
                var factory = i % 2 == 0 ? host.Factory : second;
                await using var scope = factory.Services.CreateAsyncScope();
                var queue = scope.ServiceProvider.GetRequiredService<IOutboundQueue>();
                var to = i % 4 == 0 ? $"slow-{i}@example.test" : $"client-{i}@example.test";
                var result = await queue.EnqueueAsync(new OutboundRequest(channel.Id, new("email", to), $"Message {i}"));
                ids.Add(result.OutboundId!.Value);
            }

            foreach (var id in ids)
            {
                await host.WaitForStatusAsync(id, "sent");
            }

            await Task.Delay(500);
            Assert.All(ids, id => Assert.Single(channel.Sends(id)));
            Assert.Equal(ids.Count, channel.SendCount);
        }
        finally
        {
            await second.DisposeAsync();
            TempDirectory.TryDelete(data);
        }
    }
}
