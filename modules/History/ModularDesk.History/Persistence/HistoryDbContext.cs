using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Persistence;

namespace ModularDesk.History.Persistence;

internal sealed class HistoryDbContext(DbContextOptions<HistoryDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "history";

    public override string Schema => SchemaName;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(HistoryDbContext).Assembly);
    }
}
