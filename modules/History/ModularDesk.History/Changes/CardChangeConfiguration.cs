using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModularDesk.History.Changes;

internal sealed class CardChangeConfiguration : IEntityTypeConfiguration<CardChange>
{
    public void Configure(EntityTypeBuilder<CardChange> builder)
    {
        builder.ToTable("card_changes", t => t.HasCheckConstraint(
            "ck_card_changes_subject_kind", "subject_kind IN ('client', 'organization')"));
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.SubjectKind).HasMaxLength(16);
        builder.Property(c => c.Kind).HasMaxLength(64);
        builder.Property(c => c.ActorKind).HasMaxLength(16);

        // The change history page of one card, newest first, keyset on (at, id).
        builder.HasIndex(c => new { c.SubjectId, c.At, c.Id })
            .HasDatabaseName("ix_card_changes_subject_page")
            .IsDescending(false, true, true);
    }
}
