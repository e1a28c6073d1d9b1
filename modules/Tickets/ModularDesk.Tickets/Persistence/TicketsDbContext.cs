using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Persistence;

namespace ModularDesk.Tickets.Persistence;

internal sealed class TicketsDbContext(DbContextOptions<TicketsDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "tickets";

    public override string Schema => SchemaName;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TicketsDbContext).Assembly);
    }
}
