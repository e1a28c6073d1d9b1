using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Persistence;

namespace ModularDesk.Compliance.Persistence;

internal sealed class ComplianceDbContext(DbContextOptions<ComplianceDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "compliance";

    public override string Schema => SchemaName;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ComplianceDbContext).Assembly);
    }
}
