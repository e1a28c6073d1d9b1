using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModularDesk.Tickets.Ingestion;
using ModularDesk.Tickets.Lifecycle;
using ModularDesk.Tickets.Messages;
using ModularDesk.Tickets.Routing;
using ModularDesk.Tickets.Tickets;

namespace ModularDesk.Tickets.Persistence;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.ToTable("tickets", t =>
        {
            t.HasCheckConstraint("ck_tickets_status", "status IN ('new', 'open', 'pending', 'resolved', 'closed', 'spam')");
            t.HasCheckConstraint("ck_tickets_priority", "priority IN ('low', 'normal', 'high', 'urgent')");
        });
        // Every inbound message updates its ticket (last message time, status, VIP); none of those columns is indexed, so
        // the update can stay on the row's page (HOT) and skip all eight indexes (the subject's trigram index among them)
        // when the page has room. Filled to 100 %, a page of tickets had none: each update re-indexed the row.
        builder.HasStorageParameter("fillfactor", 70);
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Number).HasDefaultValueSql("nextval('tickets.ticket_numbers')").ValueGeneratedOnAdd();
        builder.HasIndex(t => t.Number).IsUnique();
        builder.Property(t => t.Subject).HasMaxLength(1000);
        builder.Property(t => t.Status).HasMaxLength(16);
        builder.Property(t => t.Priority).HasMaxLength(16);
        builder.Property(t => t.ChannelType).HasMaxLength(64);
        builder.Property(t => t.Language).HasMaxLength(16);
        builder.Property(t => t.ReplyEmail).HasMaxLength(320);
        builder.Property(t => t.Tags).HasColumnType("text[]");
        builder.Property(t => t.FiredRules).HasColumnType("jsonb").HasDefaultValueSql("'[]'::jsonb");
        builder.Property(t => t.Version).IsRowVersion();

        // Lists: everything is keyset-paged by id (uuid v7, so newest first = id descending).
        builder.HasIndex(t => new { t.ClientId, t.Id }).IsDescending(false, true);
        builder.HasIndex(t => new { t.OrganizationId, t.Id }).IsDescending(false, true).HasFilter("organization_id IS NOT NULL");
        builder.HasIndex(t => new { t.Status, t.Id }).IsDescending(false, true);
        builder.HasIndex(t => new { t.AssigneeAgentId, t.Status }).HasFilter("assignee_agent_id IS NOT NULL");
        builder.HasIndex(t => t.ConversationKey).HasFilter("conversation_key IS NOT NULL");

        // The list's text search (`q`: subject ILIKE '%…%'): trigrams, so a rare word does not read every ticket.
        builder.HasIndex(t => t.Subject).HasDatabaseName("ix_tickets_subject_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}

internal sealed class TicketMessageConfiguration : IEntityTypeConfiguration<TicketMessage>
{
    public void Configure(EntityTypeBuilder<TicketMessage> builder)
    {
        builder.ToTable("messages", t =>
            t.HasCheckConstraint("ck_messages_direction", "direction IN ('in', 'out', 'internal')"));
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Direction).HasMaxLength(8);
        builder.Property(m => m.SenderKind).HasMaxLength(16);
        builder.Property(m => m.DeliveryStatus).HasMaxLength(16);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(m => m.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);

        builder.HasIndex(m => new { m.TicketId, m.Id });
        builder.HasIndex(m => m.ClientId);
        // Email threading (Message-ID lookups) and edits (channel + id of the original).
        builder.HasIndex(m => new { m.ExternalMessageId, m.ChannelId }).HasFilter("external_message_id IS NOT NULL");
        builder.HasIndex(m => m.OutboundId).HasFilter("outbound_id IS NOT NULL");
    }
}

internal sealed class MessageAttachmentConfiguration : IEntityTypeConfiguration<MessageAttachment>
{
    public void Configure(EntityTypeBuilder<MessageAttachment> builder)
    {
        builder.ToTable("attachments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Name).HasMaxLength(500);
        builder.Property(a => a.ContentType).HasMaxLength(200);
        builder.Property(a => a.StorageKey).HasMaxLength(128);
        // The client panel's "recent attachments".
        builder.HasIndex(a => new { a.ClientId, a.Id }).IsDescending(false, true);
        builder.HasIndex(a => a.TicketId);
    }
}

internal sealed class InboxReceiptConfiguration : IEntityTypeConfiguration<InboxReceipt>
{
    public void Configure(EntityTypeBuilder<InboxReceipt> builder)
    {
        builder.ToTable("inbox_receipts");
        builder.HasKey(r => r.InboxId);
        builder.Property(r => r.InboxId).ValueGeneratedNever();
    }
}

internal sealed class MergeMoveConfiguration : IEntityTypeConfiguration<MergeMove>
{
    public void Configure(EntityTypeBuilder<MergeMove> builder)
    {
        builder.ToTable("merge_moves");
        builder.HasKey(m => new { m.MergeId, m.TicketId });
    }
}

internal sealed class RoutingRequestConfiguration : IEntityTypeConfiguration<RoutingRequest>
{
    public void Configure(EntityTypeBuilder<RoutingRequest> builder)
    {
        builder.ToTable("routing_queue");
        builder.HasKey(r => r.TicketId);
        builder.Property(r => r.TicketId).ValueGeneratedNever();
        builder.HasIndex(r => r.NextAttemptAt);
    }
}
