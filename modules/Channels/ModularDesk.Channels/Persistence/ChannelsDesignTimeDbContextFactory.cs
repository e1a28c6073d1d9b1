using Microsoft.EntityFrameworkCore.Design;
using ModularDesk.BuildingBlocks.Persistence;

namespace ModularDesk.Channels.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without the host.</summary>
internal sealed class ChannelsDesignTimeDbContextFactory : IDesignTimeDbContextFactory<ChannelsDbContext>
{
    public ChannelsDbContext CreateDbContext(string[] args) =>
        new(ModuleDbContextOptions.BuildForDesignTime<ChannelsDbContext>(ChannelsDbContext.SchemaName));
}
