using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Persistence;

namespace ModularDesk.Clients.Persistence;

internal sealed class ClientsDbContext(DbContextOptions<ClientsDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "clients";

    public override string Schema => SchemaName;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ClientsDbContext).Assembly);
    }
}
