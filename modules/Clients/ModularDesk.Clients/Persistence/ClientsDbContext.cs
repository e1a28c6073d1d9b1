using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Clients.Cards;
using ModularDesk.Clients.Identities;
using ModularDesk.Clients.SenderLists;

namespace ModularDesk.Clients.Persistence;

internal sealed class ClientsDbContext(DbContextOptions<ClientsDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "clients";

    public override string Schema => SchemaName;

    public DbSet<ClientCard> Cards => Set<ClientCard>();

    public DbSet<CardContact> Contacts => Set<CardContact>();

    public DbSet<Identity> Identities => Set<Identity>();

    public DbSet<SenderRule> SenderRules => Set<SenderRule>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ClientsDbContext).Assembly);
    }
}
