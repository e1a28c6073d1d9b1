using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModularDesk.Channels.Inbox;

internal sealed class InboxMessageConfiguration : IEntityTypeConfiguration<InboxMessage>
{
    public void Configure(EntityTypeBuilder<InboxMessage> builder)
    {
        builder.ToTable("inbox_messages", t => t.HasCheckConstraint(
            "ck_inbox_messages_status", "status IN ('pending', 'processed', 'failed')"));
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.ExternalMessageId).HasMaxLength(InboundLimits.ExternalMessageIdLength);
        builder.Property(m => m.Payload).HasColumnType("jsonb");
        builder.Property(m => m.Status).HasMaxLength(16);

        // The deduplication rule: INSERT … ON CONFLICT (channel_id, external_message_id) DO NOTHING relies on it.
        builder.HasIndex(m => new { m.ChannelId, m.ExternalMessageId }).IsUnique();

        // The ingestion worker's claim query reads only due pending rows; processed ones pile up and must not be scanned.
        // It holds the claim's whole order, so a claim walks one batch of it however large the backlog.
        builder.HasIndex(m => new { m.NextAttemptAt, m.Id })
            .HasDatabaseName("ix_inbox_messages_pending_due")
            .HasFilter("status = 'pending'");
    }
}
