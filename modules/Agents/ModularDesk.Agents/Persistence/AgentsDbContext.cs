using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Persistence;

namespace ModularDesk.Agents.Persistence;

internal sealed class AgentsDbContext(DbContextOptions<AgentsDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "agents";

    public override string Schema => SchemaName;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AgentsDbContext).Assembly);
    }
}
