using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.BuildingBlocks.Outbox;

namespace ModularDesk.BuildingBlocks.Persistence;

/// <summary>
/// Base of every module's DbContext: its own schema, plus the module's outbox (events it
/// publishes) and processed-event table (events it has handled), so publishing is part of
/// the same transaction as the change that caused it.
/// </summary>
public abstract class ModuleDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>The PostgreSQL schema this module owns.</summary>
    public abstract string Schema { get; }

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<ProcessedEvent> ProcessedEvents => Set<ProcessedEvent>();

    /// <summary>Queues an integration event; it is written by the next <see cref="DbContext.SaveChanges()"/>.</summary>
    public void Publish(IIntegrationEvent integrationEvent) => OutboxMessages.Add(OutboxMessage.From(integrationEvent));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfiguration(new OutboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new ProcessedEventConfiguration());
        base.OnModelCreating(modelBuilder);
    }
}
