using ModularDesk.Plugins.Sdk;
using Npgsql;

namespace ModularDesk.Channels.Checkpoints;

/// <summary>The SDK's <see cref="ICheckpointStore"/> for one channel: one upserted row per key in <c>channels.channel_checkpoints</c>.</summary>
internal sealed class ChannelCheckpointStore(Guid channelId, NpgsqlDataSource dataSource, TimeProvider clock) : ICheckpointStore
{
    public const int MaxKeyLength = 200;

    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        CheckKey(key);
        await using var command = dataSource.CreateCommand(
            "SELECT value FROM channels.channel_checkpoints WHERE channel_id = @channel_id AND key = @key");
        command.Parameters.AddWithValue("channel_id", channelId);
        command.Parameters.AddWithValue("key", key);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task SetAsync(string key, string value, CancellationToken cancellationToken)
    {
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(value);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO channels.channel_checkpoints (channel_id, key, value, updated_at)
            VALUES (@channel_id, @key, @value, @now)
            ON CONFLICT (channel_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """);
        command.Parameters.AddWithValue("channel_id", channelId);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("value", value);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void CheckKey(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(key.Length, MaxKeyLength, nameof(key));
    }
}
