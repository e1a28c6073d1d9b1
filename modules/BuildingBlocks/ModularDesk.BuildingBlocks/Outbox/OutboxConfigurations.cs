using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModularDesk.BuildingBlocks.Outbox;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.EventType).IsRequired();
        builder.Property(m => m.Payload).HasColumnType("jsonb").IsRequired();
        // The dispatcher only ever looks for undelivered messages that are due.
        builder.HasIndex(m => m.NextAttemptAt).HasFilter("processed_at IS NULL");
    }
}

internal sealed class ProcessedEventConfiguration : IEntityTypeConfiguration<ProcessedEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedEvent> builder)
    {
        builder.ToTable("processed_events");
        builder.HasKey(e => new { e.EventId, e.Handler });
    }
}
