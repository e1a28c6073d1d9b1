using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModularDesk.History.Timeline;

internal sealed class TimelineEntryConfiguration : IEntityTypeConfiguration<TimelineEntry>
{
    public void Configure(EntityTypeBuilder<TimelineEntry> builder)
    {
        builder.ToTable("timeline_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Kind).HasMaxLength(32);
        builder.Property(e => e.ChannelType).HasMaxLength(64);
        builder.Property(e => e.Direction).HasMaxLength(16);
        builder.Property(e => e.AuthorParty).HasMaxLength(16);
        builder.Property(e => e.RecipientParty).HasMaxLength(16);
        builder.Property(e => e.Rating).HasMaxLength(16);
        builder.Property(e => e.DeliveryStatus).HasMaxLength(16);

        // The timeline page: WHERE client_id = $1 AND (at, id) < cursor ORDER BY at DESC, id DESC LIMIT n.
        builder.HasIndex(e => new { e.ClientId, e.At, e.Id })
            .HasDatabaseName("ix_timeline_entries_client_page")
            .IsDescending(false, true, true);

        // The organization timeline (H2), same shape; most entries of a desk have an organization, some do not.
        builder.HasIndex(e => new { e.OrganizationId, e.At, e.Id })
            .HasDatabaseName("ix_timeline_entries_organization_page")
            .IsDescending(false, true, true)
            .HasFilter("organization_id IS NOT NULL");

        // The same for the organization's current people (entries follow the card's membership).
        builder.HasIndex(e => new { e.MemberOrganizationId, e.At, e.Id })
            .HasDatabaseName("ix_timeline_entries_member_organization_page")
            .IsDescending(false, true, true)
            .HasFilter("member_organization_id IS NOT NULL");

        // Status changes, ratings and ticket moves update a ticket's entries.
        builder.HasIndex(e => e.TicketId)
            .HasDatabaseName("ix_timeline_entries_ticket")
            .HasFilter("ticket_id IS NOT NULL");

        // Entries written before their ticket's facts were known, which every run of ticket events fills: few rows, so
        // the fill is an index lookup per ticket whatever the table's size or statistics (it was a scan of the table).
        builder.HasIndex(e => e.TicketId, "ix_timeline_entries_ticket_incomplete")
            .HasDatabaseName("ix_timeline_entries_ticket_incomplete")
            .HasFilter("ticket_id IS NOT NULL AND (subject IS NULL OR channel_type IS NULL OR ticket_number IS NULL)");
    }
}
