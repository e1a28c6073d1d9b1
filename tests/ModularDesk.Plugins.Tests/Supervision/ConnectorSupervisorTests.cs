using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ModularDesk.Channels.Plugins;
using ModularDesk.Channels.Plugins.Supervision;
using ModularDesk.Plugins.Tests.Support;

namespace ModularDesk.Plugins.Tests.Supervision;

public sealed class ConnectorSupervisorTests : IDisposable
{
    private readonly TestPluginFolders folders = new(TestPluginFolders.Working, TestPluginFolders.Crashing, TestPluginFolders.Broken);
    private readonly PluginCatalog catalog;

    public ConnectorSupervisorTests()
    {
        catalog = new PluginCatalog(new PluginDirectory(folders.Path), NullLogger<PluginCatalog>.Instance);
    }

    public void Dispose()
    {
        catalog.Dispose();
        folders.Dispose();
    }

    [Fact]
    public async Task A_connector_that_crashes_every_run_is_restarted_with_doubling_back_off_and_never_takes_the_host_down()
    {
        var clock = new FakeTimeProvider();
        var contexts = new InMemoryChannelContextFactory(clock);
        var channel = new SupervisedChannel(Guid.NewGuid(), "test-crashing");
        var checkpoints = contexts.For(channel.ChannelId).Checkpoints;
        await using var supervisor = Supervisor(channel, contexts, clock);

        supervisor.Start();

        var expected = new[] { 1, 2, 4, 8 }.Select(s => TimeSpan.FromSeconds(s)).ToList();
        for (var run = 1; run <= expected.Count; run++)
        {
            var health = await WaitForAsync(supervisor, h => h.State == ConnectorState.BackingOff && h.Failures == run);
            Assert.Equal(run.ToString(), checkpoints["attempts"]);
            Assert.Equal(expected[run - 1], health.CurrentBackoff);
            Assert.Equal($"InvalidOperationException: Crashed on purpose (run {run}).", health.LastError);

            // Just short of the back-off nothing restarts: the timer is not due.
            clock.Advance(expected[run - 1] - TimeSpan.FromMilliseconds(1));
            Assert.Equal(run, supervisor.Health.Attempts);
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        await WaitForAsync(supervisor, h => h.Failures == expected.Count + 1);
        Assert.Equal(contexts.For(channel.ChannelId).ContextsCreated, supervisor.Health.Attempts);
    }

    [Fact]
    public async Task Back_off_stops_growing_at_five_minutes()
    {
        var clock = new FakeTimeProvider();
        var contexts = new InMemoryChannelContextFactory(clock);
        await using var supervisor = Supervisor(new SupervisedChannel(Guid.NewGuid(), "test-crashing"), contexts, clock);
        supervisor.Start();

        ConnectorHealth health = await WaitForAsync(supervisor, h => h.Failures == 1 && h.State == ConnectorState.BackingOff);
        for (var failures = 2; failures <= 11; failures++)
        {
            clock.Advance(health.CurrentBackoff!.Value);
            health = await WaitForAsync(supervisor, h => h.Failures == failures && h.State == ConnectorState.BackingOff);
        }

        Assert.Equal(TimeSpan.FromMinutes(5), health.CurrentBackoff);
    }

    [Fact]
    public async Task Stopping_a_backing_off_channel_ends_its_loop()
    {
        var clock = new FakeTimeProvider();
        var contexts = new InMemoryChannelContextFactory(clock);
        var supervisor = Supervisor(new SupervisedChannel(Guid.NewGuid(), "test-crashing"), contexts, clock);
        supervisor.Start();
        await WaitForAsync(supervisor, h => h.State == ConnectorState.BackingOff);

        await supervisor.DisposeAsync();

        Assert.Equal(ConnectorState.Stopped, supervisor.Health.State);
        Assert.Equal(1, supervisor.Health.Attempts);
    }

    [Fact]
    public async Task A_working_connector_pulls_dropped_messages_into_the_inbox_and_advances_its_checkpoint()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(folders.Path, "inbox-" + Guid.NewGuid().ToString("N"))).FullName;
        var contexts = new InMemoryChannelContextFactory(TimeProvider.System);
        var channel = new SupervisedChannel(Guid.NewGuid(), "test-working");
        var state = contexts.For(channel.ChannelId);
        state.Settings["inboxDirectory"] = inbox;
        state.Settings["pollMilliseconds"] = "20";
        await using var supervisor = Supervisor(channel, contexts, TimeProvider.System);
        supervisor.Start();

        // Written aside and renamed, as a mail server delivers: the connector never sees half a file.
        await File.WriteAllTextAsync(
            Path.Combine(inbox, "001.tmp"),
            JsonSerializer.Serialize(new { externalMessageId = "<a@acme.pl>", from = "jan@acme.pl", subject = "Invoice", text = "Where is it?" }));
        File.Move(Path.Combine(inbox, "001.tmp"), Path.Combine(inbox, "001.json"));

        await state.WaitUntilAsync(s => s.Checkpoints.TryGetValue("received", out var n) && n == "1");
        var message = Assert.Single(state.Inbox);
        Assert.Equal("<a@acme.pl>", message.ExternalMessageId);
        Assert.Equal("Invoice", message.Subject);
        Assert.Equal(ConnectorState.Running, supervisor.Health.State);
        Assert.Equal(0, supervisor.Health.Failures);
    }

    [Fact]
    public async Task A_channel_whose_plugin_failed_to_load_idles_with_the_reason()
    {
        var contexts = new InMemoryChannelContextFactory(TimeProvider.System);
        await using var supervisor = Supervisor(new SupervisedChannel(Guid.NewGuid(), "test-broken"), contexts, TimeProvider.System);

        supervisor.Start();
        var health = await WaitForAsync(supervisor, h => h.State == ConnectorState.Idle);

        Assert.Contains("refuses to start", health.LastError);
        Assert.Equal(0, contexts.ContextsCreated);
    }

    [Fact]
    public async Task Only_the_holder_of_a_channel_lease_runs_its_loop()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(folders.Path, "inbox-" + Guid.NewGuid().ToString("N"))).FullName;
        var lease = new InProcessChannelLease();
        var contexts = new InMemoryChannelContextFactory(TimeProvider.System);
        var channel = new SupervisedChannel(Guid.NewGuid(), "test-working");
        contexts.For(channel.ChannelId).Settings["inboxDirectory"] = inbox;
        var first = Supervisor(channel, contexts, TimeProvider.System, lease);
        await using var second = Supervisor(channel, contexts, TimeProvider.System, lease);

        first.Start();
        await WaitForAsync(first, h => h.State == ConnectorState.Running);
        second.Start();
        await WaitForAsync(second, h => h.State == ConnectorState.WaitingForLease);
        Assert.Equal(1, contexts.ContextsCreated);

        await first.DisposeAsync();
        await WaitForAsync(second, h => h.State == ConnectorState.Running);
        Assert.Equal(2, contexts.ContextsCreated);
    }

    private ConnectorSupervisor Supervisor(
        SupervisedChannel channel, InMemoryChannelContextFactory contexts, TimeProvider clock, IChannelLease? lease = null) =>
        new(channel, catalog, contexts, lease ?? new InProcessChannelLease(), clock, NullLogger<ConnectorSupervisor>.Instance);

    /// <summary>Waits for a health change matching <paramref name="condition"/>; the timeout only guards against a hung test.</summary>
    private static async Task<ConnectorHealth> WaitForAsync(ConnectorSupervisor supervisor, Func<ConnectorHealth, bool> condition)
    {
        var reached = new TaskCompletionSource<ConnectorHealth>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChange(ConnectorHealth health)
        {
            if (condition(health))
            {
                reached.TrySetResult(health);
            }
        }

        supervisor.HealthChanged += OnChange;
        try
        {
            OnChange(supervisor.Health);
            return await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            supervisor.HealthChanged -= OnChange;
        }
    }
}
