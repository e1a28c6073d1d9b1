using Microsoft.Extensions.Logging;
using Npgsql;

namespace ModularDesk.Channels.Plugins.Supervision;

/// <summary>
/// A channel lease held as a PostgreSQL session advisory lock on a dedicated connection. When the
/// process dies its connection closes and the lock is released, so another host takes the channel over
/// on its next try. A periodic ping notices a broken connection, which counts as a lost lease.
/// </summary>
internal sealed partial class PostgresChannelLease(
    NpgsqlDataSource dataSource,
    TimeProvider clock,
    ILogger<PostgresChannelLease> logger) : IChannelLease
{
    /// <summary>How often a host that does not hold the lock tries again.</summary>
    internal static TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the holder checks that its connection (and so the lock) is still there.</summary>
    internal static TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(30);

    public async Task<IChannelLeaseHandle> AcquireAsync(Guid channelId, CancellationToken cancellationToken)
    {
        var key = LockKey(channelId);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
                command.Parameters.AddWithValue("key", key);
                if (await command.ExecuteScalarAsync(cancellationToken) is true)
                {
                    var handle = new Handle(connection, key, clock, logger, channelId);
                    connection = null;
                    return handle;
                }
            }
            finally
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }
            }

            LogWaiting(channelId);
            await Task.Delay(RetryInterval, clock, cancellationToken);
        }
    }

    /// <summary>
    /// The channel id folded into one 64-bit key, with a fixed prefix byte so the keys stay apart
    /// from other advisory locks (the migrator's). Two channels colliding would only mean they share a host.
    /// </summary>
    internal static long LockKey(Guid channelId)
    {
        Span<byte> bytes = stackalloc byte[16];
        channelId.TryWriteBytes(bytes);
        var folded = BitConverter.ToInt64(bytes[..8]) ^ BitConverter.ToInt64(bytes[8..]);
        return (folded & 0x00FF_FFFF_FFFF_FFFF) | 0x4300_0000_0000_0000; // 'C' for channel
    }

    [LoggerMessage(LogLevel.Debug, "Channel {ChannelId} runs on another host; checking again later")]
    private partial void LogWaiting(Guid channelId);

    [LoggerMessage(LogLevel.Warning, "Lost the lease of channel {ChannelId}: its database connection broke")]
    private static partial void LogLost(ILogger logger, Exception exception, Guid channelId);

    private sealed class Handle : IChannelLeaseHandle
    {
        private readonly NpgsqlConnection connection;
        private readonly long key;
        private readonly CancellationTokenSource lost = new();
        private readonly CancellationTokenSource stopPing = new();
        private readonly Task ping;

        public Handle(NpgsqlConnection connection, long key, TimeProvider clock, ILogger logger, Guid channelId)
        {
            this.connection = connection;
            this.key = key;
            ping = PingAsync(clock, logger, channelId);
        }

        public CancellationToken Lost => lost.Token;

        public async ValueTask DisposeAsync()
        {
            await stopPing.CancelAsync();
            await ping;
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                command.Parameters.AddWithValue("key", key);
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // The connection is gone, and with it the lock.
            }

            await connection.DisposeAsync();
            lost.Dispose();
            stopPing.Dispose();
        }

        private async Task PingAsync(TimeProvider clock, ILogger logger, Guid channelId)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(PingInterval, clock, stopPing.Token);
                    await using var command = new NpgsqlCommand("SELECT 1", connection);
                    await command.ExecuteNonQueryAsync(stopPing.Token);
                }
            }
            catch (OperationCanceledException) when (stopPing.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                LogLost(logger, e, channelId);
                await lost.CancelAsync();
            }
        }
    }
}
