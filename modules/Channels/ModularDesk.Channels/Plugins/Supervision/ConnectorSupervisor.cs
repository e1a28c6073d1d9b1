using Microsoft.Extensions.Logging;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Plugins.Supervision;

/// <summary>
/// Keeps one channel's receive loop (<see cref="IPullingConnector.RunAsync"/>) running on the host that
/// holds the channel's lease. A loop that throws is logged, its connector disposed, and a fresh connector
/// started after a back-off (<see cref="RestartBackoff"/>). Nothing a connector throws leaves this class:
/// a plugin's bug costs its own channel, never the host.
/// </summary>
internal sealed partial class ConnectorSupervisor : IAsyncDisposable
{
    /// <summary>How long <see cref="StopAsync"/> waits for a connector that ignores cancellation.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly PluginCatalog catalog;
    private readonly IChannelContextFactory contexts;
    private readonly IChannelLease lease;
    private readonly TimeProvider clock;
    private readonly ILogger<ConnectorSupervisor> logger;
    private readonly RestartBackoff backoff;
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private Task? loop;
    private ConnectorHealth health = ConnectorHealth.Initial;

    public ConnectorSupervisor(
        SupervisedChannel channel,
        PluginCatalog catalog,
        IChannelContextFactory contexts,
        IChannelLease lease,
        TimeProvider clock,
        ILogger<ConnectorSupervisor> logger,
        RestartBackoff? backoff = null)
    {
        Channel = channel;
        this.catalog = catalog;
        this.contexts = contexts;
        this.lease = lease;
        this.clock = clock;
        this.logger = logger;
        this.backoff = backoff ?? RestartBackoff.CreateDefault();
    }

    /// <summary>Raised after every change of <see cref="Health"/>, on the supervisor's own task.</summary>
    public event Action<ConnectorHealth>? HealthChanged;

    public SupervisedChannel Channel { get; }

    public ConnectorHealth Health
    {
        get
        {
            lock (gate)
            {
                return health;
            }
        }
    }

    public void Start()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(stopping.IsCancellationRequested, this);
            loop ??= Task.Run(() => SuperviseAsync(stopping.Token));
        }
    }

    public async Task StopAsync()
    {
        Task? running;
        lock (gate)
        {
            running = loop;
        }

        if (!stopping.IsCancellationRequested)
        {
            await stopping.CancelAsync();
        }

        if (running is not null)
        {
            try
            {
                await running.WaitAsync(StopTimeout);
            }
            catch (TimeoutException)
            {
                LogStopTimedOut(Channel.ChannelId, Channel.PluginId);
            }
        }

        Update(h => h with { State = ConnectorState.Stopped, NextAttemptAt = null });
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stopping.Dispose();
    }

    private async Task SuperviseAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Update(h => h with { State = ConnectorState.WaitingForLease });
            IChannelLeaseHandle handle;
            try
            {
                handle = await lease.AcquireAsync(Channel.ChannelId, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is unreachable: back off like a crash, then try again.
                if (!await BackOffAsync(e, TimeSpan.Zero, stop))
                {
                    return;
                }

                continue;
            }

            await using (handle)
            {
                using var leased = CancellationTokenSource.CreateLinkedTokenSource(stop, handle.Lost);
                if (!await RunWhileLeasedAsync(leased.Token))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Runs attempts until the token fires; false when there is nothing to run at all.</summary>
    private async Task<bool> RunWhileLeasedAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            var plugin = catalog.FindConnectorPlugin(Channel.PluginId);
            if (plugin is null)
            {
                var reason = catalog.Find(Channel.PluginId) is { } entry
                    ? $"plugin '{Channel.PluginId}' is {entry.Status.ToString().ToLowerInvariant()}: {entry.Error ?? "it has no connector"}"
                    : $"plugin '{Channel.PluginId}' is not installed";
                LogIdle(Channel.ChannelId, reason);
                Update(h => h with { State = ConnectorState.Idle, LastError = reason });
                return false;
            }

            var started = clock.GetTimestamp();
            var (attempt, error) = await RunOnceAsync(plugin, token);
            if (attempt == AttemptEnd.NotPulling)
            {
                Update(h => h with { State = ConnectorState.Idle });
                return false;
            }

            if (attempt == AttemptEnd.Cancelled || token.IsCancellationRequested)
            {
                return true;
            }

            if (!await BackOffAsync(error, clock.GetElapsedTime(started), token))
            {
                return true;
            }
        }

        return true;
    }

    private async Task<(AttemptEnd End, Exception? Error)> RunOnceAsync(IChannelPlugin plugin, CancellationToken token)
    {
        IChannelConnector? connector = null;
        try
        {
            connector = plugin.CreateConnector(contexts.Create(Channel));
            if (connector is not IPullingConnector pulling)
            {
                return (AttemptEnd.NotPulling, null);
            }

            Update(h => h with { State = ConnectorState.Running, Attempts = h.Attempts + 1, NextAttemptAt = null });
            LogRunning(Channel.ChannelId, Channel.PluginId);
            await pulling.RunAsync(token);
            return token.IsCancellationRequested
                ? (AttemptEnd.Cancelled, null)
                : (AttemptEnd.Failed, new InvalidOperationException("the receive loop returned while the channel was still running"));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return (AttemptEnd.Cancelled, null);
        }
        catch (Exception e)
        {
            return (AttemptEnd.Failed, e);
        }
        finally
        {
            if (connector is not null)
            {
                try
                {
                    await connector.DisposeAsync();
                }
                catch (Exception e)
                {
                    LogDisposeFailed(e, Channel.ChannelId, Channel.PluginId);
                }
            }
        }
    }

    private async Task<bool> BackOffAsync(Exception? error, TimeSpan ranFor, CancellationToken token)
    {
        var delay = backoff.NextDelay(ranFor);
        var now = clock.GetUtcNow();
        var message = error is null ? "unknown error" : $"{error.GetType().Name}: {error.Message}";
        LogFailed(error, Channel.ChannelId, Channel.PluginId, delay);

        // The timer exists before anyone hears of the back-off, so an observer that moves the clock on
        // seeing it (a test's fake clock) cannot move it past a timer that is not there yet.
        var wait = Task.Delay(delay, clock, token);
        Update(h => h with
        {
            State = ConnectorState.BackingOff,
            Failures = h.Failures + 1,
            LastError = message,
            LastErrorAt = now,
            CurrentBackoff = delay,
            NextAttemptAt = now + delay,
        });
        try
        {
            await wait;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Update(Func<ConnectorHealth, ConnectorHealth> change)
    {
        ConnectorHealth snapshot;
        lock (gate)
        {
            health = change(health);
            snapshot = health;
        }

        try
        {
            HealthChanged?.Invoke(snapshot);
        }
        catch (Exception e)
        {
            LogObserverFailed(e, Channel.ChannelId);
        }
    }

    private enum AttemptEnd
    {
        Failed,
        Cancelled,
        NotPulling,
    }

    [LoggerMessage(LogLevel.Information, "Channel {ChannelId} ({PluginId}): receive loop started")]
    private partial void LogRunning(Guid channelId, string pluginId);

    [LoggerMessage(LogLevel.Warning, "Channel {ChannelId} ({PluginId}): receive loop failed; restarting in {Delay}")]
    private partial void LogFailed(Exception? exception, Guid channelId, string pluginId, TimeSpan delay);

    [LoggerMessage(LogLevel.Warning, "Channel {ChannelId}: nothing to run ({Reason})")]
    private partial void LogIdle(Guid channelId, string reason);

    [LoggerMessage(LogLevel.Warning, "Channel {ChannelId} ({PluginId}): disposing the connector failed")]
    private partial void LogDisposeFailed(Exception exception, Guid channelId, string pluginId);

    [LoggerMessage(LogLevel.Warning, "Channel {ChannelId} ({PluginId}): the connector did not stop in time and was abandoned")]
    private partial void LogStopTimedOut(Guid channelId, string pluginId);

    [LoggerMessage(LogLevel.Warning, "Channel {ChannelId}: a health observer threw")]
    private partial void LogObserverFailed(Exception exception, Guid channelId);
}
