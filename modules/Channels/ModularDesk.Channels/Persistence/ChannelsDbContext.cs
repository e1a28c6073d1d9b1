using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Channels.Checkpoints;
using ModularDesk.Channels.Inbox;
using ModularDesk.Channels.Instances;
using ModularDesk.Channels.Outbound;

namespace ModularDesk.Channels.Persistence;

/// <summary>
/// The Channels schema: channel instances, the inbox, checkpoints, the outbound queue and contact states, and the Data Protection key ring that
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

    public DbSet<OutboundRecord> OutboundMessages => Set<OutboundRecord>();

    public DbSet<ContactLastInbound> ContactLastInbound => Set<ContactLastInbound>();

    public DbSet<UnreachableContact> UnreachableContacts => Set<UnreachableContact>();

    public DbSet<ClientConsentRecord> ClientConsents => Set<ClientConsentRecord>();

    public DbSet<PendingDeliveryReport> PendingDeliveryReports => Set<PendingDeliveryReport>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ChannelsDbContext).Assembly);
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
    }
}
