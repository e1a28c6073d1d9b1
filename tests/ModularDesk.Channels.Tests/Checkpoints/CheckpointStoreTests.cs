using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Channels.Checkpoints;
using ModularDesk.Channels.Contracts;
using ModularDesk.Channels.Tests.Support;
using Npgsql;

namespace ModularDesk.Channels.Tests.Checkpoints;

/// <summary>The SDK checkpoint store a connector resumes from, on the real database.</summary>
public sealed class CheckpointStoreTests(ChannelsHostFixture host) : IClassFixture<ChannelsHostFixture>
{
    private ChannelCheckpointStore Store(Guid channelId) =>
        new(channelId, host.Factory.Services.GetRequiredService<NpgsqlDataSource>(), TimeProvider.System);

    [Fact]
    public async Task A_checkpoint_reads_back_what_was_written_last()
    {
        var store = Store(BuiltInChannels.ApiChannelId);
        var key = $"lastUid-{Guid.NewGuid():N}";

        Assert.Null(await store.GetAsync(key, CancellationToken.None));
        await store.SetAsync(key, "41", CancellationToken.None);
        await store.SetAsync(key, "42", CancellationToken.None);

        Assert.Equal("42", await Store(BuiltInChannels.ApiChannelId).GetAsync(key, CancellationToken.None));
        Assert.Equal(1, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM channels.channel_checkpoints WHERE key = @k", ("k", key)));
    }

    [Fact]
    public async Task Checkpoints_of_different_keys_do_not_mix()
    {
        var store = Store(BuiltInChannels.ApiChannelId);
        var suffix = Guid.NewGuid().ToString("N");

        await store.SetAsync($"uidValidity-{suffix}", "7", CancellationToken.None);
        await store.SetAsync($"lastUid-{suffix}", "100", CancellationToken.None);

        Assert.Equal("7", await store.GetAsync($"uidValidity-{suffix}", CancellationToken.None));
        Assert.Equal("100", await store.GetAsync($"lastUid-{suffix}", CancellationToken.None));
    }
}
