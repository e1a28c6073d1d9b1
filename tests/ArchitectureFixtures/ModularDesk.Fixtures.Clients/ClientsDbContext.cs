using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Persistence;

namespace ModularDesk.Fixtures.Clients;

/// <summary>Violation: a module's DbContext made public, so another module can query its tables.</summary>
public sealed class ClientsDbContext(DbContextOptions<ClientsDbContext> options) : ModuleDbContext(options)
{
    public override string Schema => "clients";

    public DbSet<ClientCard> Cards => Set<ClientCard>();
}
