using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using ModularDesk.Channels.Plugins.Supervision;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Plugins.Tests.Support;

/// <summary>
/// The host side of a connector kept in memory: settings from a dictionary, an inbox that dedupes by
/// external message id, checkpoints per channel. Stands in for the Channels module's database-backed
/// factory where the test is about plugins, not persistence.
/// </summary>
internal sealed class InMemoryChannelContextFactory(TimeProvider clock) : IChannelContextFactory
{
    private readonly ConcurrentDictionary<Guid, ChannelState> channels = new();

    public int ContextsCreated => channels.Values.Sum(c => c.ContextsCreated);

    public ChannelState For(Guid channelId) => channels.GetOrAdd(channelId, _ => new ChannelState());

    public IChannelContext Create(SupervisedChannel channel)
    {
        var state = For(channel.ChannelId);
        Interlocked.Increment(ref state.ContextsCreatedField);
        return new Context(channel, state, clock);
    }

    internal sealed class ChannelState : IInboundSink, ICheckpointStore, IDeliveryStatusSink, IChannelSettings, IChannelHttpClientFactory
    {
        private readonly ConcurrentDictionary<string, (Guid Id, InboundMessage Message)> inbox = new();
        private readonly Lock signal = new();
        private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal int ContextsCreatedField;

        public int ContextsCreated => ContextsCreatedField;

        public ConcurrentDictionary<string, string> Settings { get; } = new();

        public ConcurrentDictionary<string, string> Secrets { get; } = new();

        public ConcurrentDictionary<string, string> Checkpoints { get; } = new();

        public ConcurrentQueue<DeliveryStatusUpdate> StatusUpdates { get; } = new();

        public IReadOnlyList<InboundMessage> Inbox => inbox.Values.Select(v => v.Message).ToList();

        IReadOnlyCollection<string> IChannelSettings.Keys => Settings.Keys.ToList();

        /// <summary>Completes after the next change to the inbox or the checkpoints.</summary>
        public Task NextChange()
        {
            lock (signal)
            {
                return changed.Task;
            }
        }

        public async Task WaitUntilAsync(Func<ChannelState, bool> condition)
        {
            using var hangGuard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                var next = NextChange();
                if (condition(this))
                {
                    return;
                }

                await next.WaitAsync(hangGuard.Token);
            }
        }

        public Task<InboundAcceptance> AcceptAsync(InboundMessage message, CancellationToken cancellationToken)
        {
            var added = false;
            var entry = inbox.GetOrAdd(message.ExternalMessageId, _ =>
            {
                added = true;
                return (Guid.NewGuid(), message);
            });
            Changed();
            return Task.FromResult(new InboundAcceptance(entry.Id, !added));
        }

        public Task<string?> GetAsync(string key, CancellationToken cancellationToken) =>
            Task.FromResult(Checkpoints.TryGetValue(key, out var value) ? value : null);

        public Task SetAsync(string key, string value, CancellationToken cancellationToken)
        {
            Checkpoints[key] = value;
            Changed();
            return Task.CompletedTask;
        }

        public Task ReportAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken)
        {
            StatusUpdates.Enqueue(update);
            return Task.CompletedTask;
        }

        public Task MarkContactUnreachableAsync(ContactAddress contact, string reason, CancellationToken cancellationToken) =>
            Task.CompletedTask;

        public string? Get(string key) => Settings.TryGetValue(key, out var value) ? value : null;

        public string? GetSecret(string key) => Secrets.TryGetValue(key, out var value) ? value : null;

        public HttpClient CreateClient(string name) => new();

        private void Changed()
        {
            TaskCompletionSource previous;
            lock (signal)
            {
                previous = changed;
                changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            previous.SetResult();
        }
    }

    private sealed class Context(SupervisedChannel channel, ChannelState state, TimeProvider clock) : IChannelContext
    {
        public Guid ChannelId => channel.ChannelId;

        public string PluginId => channel.PluginId;

        public IChannelSettings Settings => state;

        public IInboundSink Inbound => state;

        public IDeliveryStatusSink DeliveryStatus => state;

        public ICheckpointStore Checkpoints => state;

        public IChannelHttpClientFactory HttpClients => state;

        public TimeProvider Clock => clock;

        public Microsoft.Extensions.Logging.ILogger Logger => NullLogger.Instance;
    }
}
