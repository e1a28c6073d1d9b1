using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Channels.Checkpoints;
using ModularDesk.Channels.Inbox;
using ModularDesk.Channels.Instances;

namespace ModularDesk.Channels.Persistence;

/// <summary>
/// The Channels schema: channel instances, the inbox, checkpoints, and the Data Protection key ring that
/// encrypts channel secrets (kept here, next to what it protects, so every host shares one ring).
/// </summary>
internal sealed class ChannelsDbContext(DbContextOptions<ChannelsDbContext> options)
    : ModuleDbContext(options), IDataProtectionKeyContext
{
    public const string SchemaName = "channels";

    public override string Schema => SchemaName;

    public DbSet<ChannelInstance> ChannelInstances => Set<ChannelInstance>();

    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    public DbSet<ChannelCheckpoint> ChannelCheckpoints => Set<ChannelCheckpoint>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ChannelsDbContext).Assembly);
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
    }
}
