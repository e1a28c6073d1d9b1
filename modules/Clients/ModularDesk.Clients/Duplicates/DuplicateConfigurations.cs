using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModularDesk.Clients.Duplicates;

internal sealed class DuplicateSuggestionConfiguration : IEntityTypeConfiguration<DuplicateSuggestion>
{
    public void Configure(EntityTypeBuilder<DuplicateSuggestion> builder)
    {
        builder.ToTable("duplicate_suggestions", t => t.HasCheckConstraint("ck_duplicate_suggestions_ordered", "client_a < client_b"));
        builder.HasKey(s => new { s.ClientA, s.ClientB });
        builder.Property(s => s.Reasons).HasColumnType("text[]");
        builder.HasIndex(s => s.ClientB);
        builder.HasIndex(s => new { s.Score, s.ClientA, s.ClientB }).IsDescending(true, false, false);
    }
}

internal sealed class DismissedDuplicateConfiguration : IEntityTypeConfiguration<DismissedDuplicate>
{
    public void Configure(EntityTypeBuilder<DismissedDuplicate> builder)
    {
        builder.ToTable("dismissed_duplicates", t => t.HasCheckConstraint("ck_dismissed_duplicates_ordered", "client_a < client_b"));
        builder.HasKey(s => new { s.ClientA, s.ClientB });
    }
}
