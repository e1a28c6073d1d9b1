using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Persistence;

namespace ModularDesk.Channels.Persistence;

internal sealed class ChannelsDbContext(DbContextOptions<ChannelsDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "channels";

    public override string Schema => SchemaName;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ChannelsDbContext).Assembly);
    }
}
