using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ModularDesk.Channels.Plugins.Supervision;
using ModularDesk.Testing;
using Npgsql;

namespace ModularDesk.Plugins.Tests.Supervision;

/// <summary>Two leases over one database stand for two host processes sharing it.</summary>
public sealed class PostgresChannelLeaseTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private NpgsqlDataSource hostA = null!;
    private NpgsqlDataSource hostB = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        hostA = NpgsqlDataSource.Create(database.ConnectionString);
        hostB = NpgsqlDataSource.Create(database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await hostA.DisposeAsync();
        await hostB.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task While_one_host_holds_a_channel_no_other_session_can_take_it_and_releasing_hands_it_over()
    {
        var channelId = Guid.NewGuid();
        var leaseA = Lease(hostA, TimeProvider.System);
        var leaseB = Lease(hostB, TimeProvider.System);

        var held = await leaseA.AcquireAsync(channelId, CancellationToken.None);
        Assert.False(await TryLockElsewhereAsync(channelId));

        await held.DisposeAsync();
        await using var takenOver = await leaseB.AcquireAsync(channelId, CancellationToken.None);
        Assert.False(await TryLockElsewhereAsync(channelId));
    }

    [Fact]
    public async Task Leases_of_different_channels_do_not_block_each_other()
    {
        await using var first = await Lease(hostA, TimeProvider.System).AcquireAsync(Guid.NewGuid(), CancellationToken.None);
        await using var second = await Lease(hostB, TimeProvider.System).AcquireAsync(Guid.NewGuid(), CancellationToken.None);

        Assert.False(first.Lost.IsCancellationRequested);
        Assert.False(second.Lost.IsCancellationRequested);
    }

    [Fact]
    public async Task A_host_waiting_for_a_held_channel_takes_it_once_the_holder_lets_go()
    {
        var channelId = Guid.NewGuid();
        var clockB = new FakeTimeProvider();
        var held = await Lease(hostA, TimeProvider.System).AcquireAsync(channelId, CancellationToken.None);

        var waiting = Lease(hostB, clockB).AcquireAsync(channelId, CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            clockB.Advance(PostgresChannelLease.RetryInterval);
            await Task.Yield();
        }

        Assert.False(waiting.IsCompleted);

        await held.DisposeAsync();
        await Eventually.TrueAsync(() =>
        {
            clockB.Advance(PostgresChannelLease.RetryInterval);
            return Task.FromResult(waiting.IsCompleted);
        });
        await using var takenOver = await waiting;
        Assert.False(await TryLockElsewhereAsync(channelId));
    }

    [Fact]
    public async Task A_holder_whose_connection_dies_learns_it_lost_the_lease()
    {
        var channelId = Guid.NewGuid();
        var clock = new FakeTimeProvider();
        await using var held = await Lease(hostA, clock).AcquireAsync(channelId, CancellationToken.None);

        await using (var admin = await database.OpenConnectionAsync())
        {
            await using var kill = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid::bigint = @high AND objid::bigint = @low",
                admin);
            var key = PostgresChannelLease.LockKey(channelId);
            kill.Parameters.AddWithValue("high", (long)(uint)(key >> 32));
            kill.Parameters.AddWithValue("low", (long)(uint)key);
            Assert.Equal(1, await CountAsync(admin, key));
            await kill.ExecuteNonQueryAsync();
        }

        clock.Advance(PostgresChannelLease.PingInterval);
        await Eventually.TrueAsync(() => Task.FromResult(held.Lost.IsCancellationRequested), what: "the lease to be reported lost");
        Assert.True(await TryLockElsewhereAsync(channelId));
    }

    private static PostgresChannelLease Lease(NpgsqlDataSource dataSource, TimeProvider clock) =>
        new(dataSource, clock, NullLogger<PostgresChannelLease>.Instance);

    private static async Task<long> CountAsync(NpgsqlConnection connection, long key)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid::bigint = @high AND objid::bigint = @low",
            connection);
        command.Parameters.AddWithValue("high", (long)(uint)(key >> 32));
        command.Parameters.AddWithValue("low", (long)(uint)key);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Tries the channel's lock from a third session, releasing it again at once when it was free.</summary>
    private async Task<bool> TryLockElsewhereAsync(Guid channelId)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", PostgresChannelLease.LockKey(channelId));
        var got = await command.ExecuteScalarAsync() is true;
        if (got)
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", PostgresChannelLease.LockKey(channelId));
            await unlock.ExecuteNonQueryAsync();
        }

        return got;
    }
}
