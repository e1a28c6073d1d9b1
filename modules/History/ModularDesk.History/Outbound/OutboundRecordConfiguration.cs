using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModularDesk.History.Outbound;

internal sealed class OutboundRecordConfiguration : IEntityTypeConfiguration<OutboundRecord>
{
    public void Configure(EntityTypeBuilder<OutboundRecord> builder)
    {
        builder.ToTable("outbound_messages");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.ChannelType).HasMaxLength(64);
        builder.Property(o => o.Status).HasMaxLength(16);

        // Desk-wide, per client and per channel pages, newest first.
        builder.HasIndex(o => new { o.QueuedAt, o.Id }).HasDatabaseName("ix_outbound_messages_page").IsDescending(true, true);
        builder.HasIndex(o => new { o.ClientId, o.QueuedAt, o.Id })
            .HasDatabaseName("ix_outbound_messages_client_page").IsDescending(false, true, true);
        builder.HasIndex(o => new { o.ChannelId, o.QueuedAt, o.Id })
            .HasDatabaseName("ix_outbound_messages_channel_page").IsDescending(false, true, true);
        builder.HasIndex(o => o.TicketMessageId)
            .HasDatabaseName("ix_outbound_messages_ticket_message").HasFilter("ticket_message_id IS NOT NULL");
    }
}
