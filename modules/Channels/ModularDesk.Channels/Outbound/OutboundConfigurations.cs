using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModularDesk.Channels.Inbox;

namespace ModularDesk.Channels.Outbound;

internal sealed class OutboundMessageConfiguration : IEntityTypeConfiguration<OutboundRecord>
{
    public void Configure(EntityTypeBuilder<OutboundRecord> builder)
    {
        builder.ToTable("outbound_messages", t => t.HasCheckConstraint(
            "ck_outbound_messages_status", "status IN ('queued', 'sent', 'delivered', 'read', 'failed')"));
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Seq).UseIdentityAlwaysColumn();
        builder.Property(m => m.ChannelType).HasMaxLength(100);
        builder.Property(m => m.RecipientKind).HasMaxLength(32);
        builder.Property(m => m.RecipientValue).HasMaxLength(InboundLimits.AddressLength);
        builder.Property(m => m.RecipientMessenger).HasMaxLength(64);
        builder.Property(m => m.RecipientKey).HasMaxLength(InboundLimits.AddressLength + 80);
        builder.Property(m => m.Payload).HasColumnType("jsonb");
        builder.Property(m => m.Status).HasMaxLength(16);
        builder.Property(m => m.ExternalMessageId).HasMaxLength(InboundLimits.ExternalMessageIdLength);

        // Delivery reports find the message by the service's id; one id names one message per channel.
        builder.HasIndex(m => new { m.ChannelId, m.ExternalMessageId }).IsUnique().HasFilter("external_message_id IS NOT NULL");

        // The sender's claim reads only due queued rows, and the head of each recipient's queue.
        builder.HasIndex(m => m.NextAttemptAt).HasDatabaseName("ix_outbound_messages_queued_due").HasFilter("status = 'queued'");
        builder.HasIndex(m => new { m.ChannelId, m.RecipientKey, m.Seq })
            .HasDatabaseName("ix_outbound_messages_queued_recipient").HasFilter("status = 'queued'");
        builder.HasIndex(m => m.TicketMessageId).HasFilter("ticket_message_id IS NOT NULL");
    }
}

internal sealed class ContactLastInboundConfiguration : IEntityTypeConfiguration<ContactLastInbound>
{
    public void Configure(EntityTypeBuilder<ContactLastInbound> builder)
    {
        builder.ToTable("contact_last_inbound");
        builder.HasKey(c => new { c.ChannelId, c.AddressKey });
        builder.Property(c => c.AddressKey).HasMaxLength(InboundLimits.AddressLength + 80);
    }
}

internal sealed class UnreachableContactConfiguration : IEntityTypeConfiguration<UnreachableContact>
{
    public void Configure(EntityTypeBuilder<UnreachableContact> builder)
    {
        builder.ToTable("unreachable_contacts");
        builder.HasKey(c => new { c.ChannelId, c.AddressKey });
        builder.Property(c => c.AddressKey).HasMaxLength(InboundLimits.AddressLength + 80);
        builder.Property(c => c.Reason).HasMaxLength(1000);
    }
}

internal sealed class ClientConsentConfiguration : IEntityTypeConfiguration<ClientConsentRecord>
{
    public void Configure(EntityTypeBuilder<ClientConsentRecord> builder)
    {
        builder.ToTable("client_consents");
        builder.HasKey(c => new { c.ClientId, c.ChannelType });
        builder.Property(c => c.ChannelType).HasMaxLength(100);
        builder.Property(c => c.Source).HasMaxLength(200);
    }
}

internal sealed class PendingDeliveryReportConfiguration : IEntityTypeConfiguration<PendingDeliveryReport>
{
    public void Configure(EntityTypeBuilder<PendingDeliveryReport> builder)
    {
        builder.ToTable("pending_delivery_reports");
        builder.HasKey(r => new { r.ChannelId, r.ExternalMessageId, r.Status });
        builder.Property(r => r.ExternalMessageId).HasMaxLength(InboundLimits.ExternalMessageIdLength);
        builder.Property(r => r.Status).HasMaxLength(16);
        builder.Property(r => r.Error).HasMaxLength(1000);
        builder.HasIndex(r => r.ReceivedAt);
    }
}
