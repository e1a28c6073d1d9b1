using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ModularDesk.Channels.Plugins.Supervision;

/// <summary>
/// Runs one <see cref="ConnectorSupervisor"/> per active channel whose plugin has a connector.
/// Channel changes reach it two ways: directly (<see cref="EnsureRunning"/>, <see cref="StopChannelAsync"/>
/// from the channel endpoints of this host) and by reconciling with <see cref="IPullingChannelSource"/>
/// every <see cref="ReconcileInterval"/> (changes made through another host).
/// </summary>
internal sealed partial class PullingChannels(
    PluginCatalog catalog,
    IEnumerable<IPullingChannelSource> sources,
    IEnumerable<IChannelContextFactory> contextFactories,
    IChannelLease lease,
    TimeProvider clock,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly Dictionary<Guid, ConnectorSupervisor> running = [];
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ILogger logger = loggerFactory.CreateLogger<PullingChannels>();

    internal static TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Health of every supervised channel on this host.</summary>
    public IReadOnlyDictionary<Guid, ConnectorHealth> Health()
    {
        gate.Wait();
        try
        {
            return running.ToDictionary(p => p.Key, p => p.Value.Health);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Starts the channel's loop, or restarts it when its plugin or revision changed.</summary>
    public async Task EnsureRunning(SupervisedChannel channel, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await EnsureRunningLocked(channel);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task StopChannelAsync(Guid channelId, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (running.Remove(channelId, out var supervisor))
            {
                await supervisor.DisposeAsync();
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await gate.WaitAsync(CancellationToken.None);
        try
        {
            await Task.WhenAll(running.Values.Select(s => s.DisposeAsync().AsTask()));
            running.Clear();
        }
        finally
        {
            gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var source = sources.FirstOrDefault();
        if (source is null || !contextFactories.Any())
        {
            // Nothing tells us which channels exist (e.g. a host without the Channels persistence).
            return;
        }

        using var timer = new PeriodicTimer(ReconcileInterval, clock);
        do
        {
            try
            {
                await ReconcileAsync(source, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogReconcileFailed(e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task ReconcileAsync(IPullingChannelSource source, CancellationToken cancellationToken)
    {
        var active = await source.ListActiveAsync(cancellationToken);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var wanted = active.ToDictionary(c => c.ChannelId);
            foreach (var gone in running.Keys.Where(id => !wanted.ContainsKey(id)).ToList())
            {
                running.Remove(gone, out var supervisor);
                await supervisor!.DisposeAsync();
            }

            foreach (var channel in active)
            {
                await EnsureRunningLocked(channel);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task EnsureRunningLocked(SupervisedChannel channel)
    {
        if (running.TryGetValue(channel.ChannelId, out var existing))
        {
            if (existing.Channel == channel)
            {
                return;
            }

            running.Remove(channel.ChannelId);
            await existing.DisposeAsync();
        }

        // Only plugins that can pull get a supervisor; the catalog never changes while the host runs.
        if (catalog.Find(channel.PluginId)?.Capabilities.Contains(ModularDesk.Plugins.Sdk.PluginCapabilities.Pull) != true
            || catalog.FindConnectorPlugin(channel.PluginId) is null)
        {
            return;
        }

        var supervisor = new ConnectorSupervisor(
            channel, catalog, contextFactories.First(), lease, clock, loggerFactory.CreateLogger<ConnectorSupervisor>());
        running[channel.ChannelId] = supervisor;
        supervisor.Start();
    }

    [LoggerMessage(LogLevel.Error, "Could not list the channels whose receive loops should run; trying again later")]
    private partial void LogReconcileFailed(Exception exception);
}
