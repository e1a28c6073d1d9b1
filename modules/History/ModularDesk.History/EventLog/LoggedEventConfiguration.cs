using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModularDesk.History.EventLog;

internal sealed class LoggedEventConfiguration : IEntityTypeConfiguration<LoggedEvent>
{
    public void Configure(EntityTypeBuilder<LoggedEvent> builder)
    {
        builder.ToTable("event_log");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).UseIdentityAlwaysColumn();
        builder.HasIndex(e => e.EventId).IsUnique();
        builder.Property(e => e.EventType).HasMaxLength(200);
        builder.Property(e => e.Payload).HasColumnType("jsonb");
        builder.HasIndex(e => e.SubjectId).HasDatabaseName("ix_event_log_subject").HasFilter("subject_id IS NOT NULL");
        builder.HasIndex(e => e.EntryId).HasDatabaseName("ix_event_log_entry").HasFilter("entry_id IS NOT NULL");
    }
}
