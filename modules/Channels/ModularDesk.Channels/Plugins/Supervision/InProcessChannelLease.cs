namespace ModularDesk.Channels.Plugins.Supervision;

/// <summary>
/// A lease that only keeps one loop per channel within this process. For a single host without a
/// shared database and for tests; the module registers <see cref="PostgresChannelLease"/>.
/// </summary>
internal sealed class InProcessChannelLease : IChannelLease
{
    private readonly Dictionary<Guid, SemaphoreSlim> locks = [];

    public async Task<IChannelLeaseHandle> AcquireAsync(Guid channelId, CancellationToken cancellationToken)
    {
        SemaphoreSlim gate;
        lock (locks)
        {
            if (!locks.TryGetValue(channelId, out gate!))
            {
                gate = new SemaphoreSlim(1, 1);
                locks[channelId] = gate;
            }
        }

        await gate.WaitAsync(cancellationToken);
        return new Handle(gate);
    }

    private sealed class Handle(SemaphoreSlim gate) : IChannelLeaseHandle
    {
        private int released;

        public CancellationToken Lost => CancellationToken.None;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
