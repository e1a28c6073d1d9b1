using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Tickets.Ingestion;
using ModularDesk.Tickets.Lifecycle;
using ModularDesk.Tickets.Messages;
using ModularDesk.Tickets.Routing;
using ModularDesk.Tickets.Tickets;

namespace ModularDesk.Tickets.Persistence;

internal sealed class TicketsDbContext(DbContextOptions<TicketsDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "tickets";

    public override string Schema => SchemaName;

    public DbSet<Ticket> Tickets => Set<Ticket>();

    public DbSet<TicketMessage> Messages => Set<TicketMessage>();

    public DbSet<MessageAttachment> Attachments => Set<MessageAttachment>();

    public DbSet<InboxReceipt> InboxReceipts => Set<InboxReceipt>();

    public DbSet<MergeMove> MergeMoves => Set<MergeMove>();

    public DbSet<RoutingRequest> RoutingQueue => Set<RoutingRequest>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.HasSequence<long>("ticket_numbers").StartsAt(1);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TicketsDbContext).Assembly);
    }
}
