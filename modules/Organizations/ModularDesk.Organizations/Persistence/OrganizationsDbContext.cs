using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Organizations.Cards;
using ModularDesk.Organizations.Routing;
using ModularDesk.Organizations.Settings;

namespace ModularDesk.Organizations.Persistence;

internal sealed class OrganizationsDbContext(DbContextOptions<OrganizationsDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "organizations";

    public override string Schema => SchemaName;

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<OrganizationDomain> Domains => Set<OrganizationDomain>();

    public DbSet<DeskSetting> Settings => Set<DeskSetting>();

    public DbSet<RoutingRule> RoutingRules => Set<RoutingRule>();

    public DbSet<RoundRobinCursor> RoundRobinCursors => Set<RoundRobinCursor>();

    public DbSet<RoutingVersion> RoutingVersions => Set<RoutingVersion>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Installed in public (the database's default), where every module's queries find its operators.
        modelBuilder.HasPostgresExtension("pg_trgm");
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OrganizationsDbContext).Assembly);
    }
}
