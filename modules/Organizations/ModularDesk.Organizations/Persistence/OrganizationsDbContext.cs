using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Persistence;

namespace ModularDesk.Organizations.Persistence;

internal sealed class OrganizationsDbContext(DbContextOptions<OrganizationsDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "organizations";

    public override string Schema => SchemaName;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OrganizationsDbContext).Assembly);
    }
}
