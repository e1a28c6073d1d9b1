using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModularDesk.Clients.Merging;

internal sealed class ClientMergeConfiguration : IEntityTypeConfiguration<ClientMerge>
{
    public void Configure(EntityTypeBuilder<ClientMerge> builder)
    {
        builder.ToTable("merges");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.ActorName).HasMaxLength(200);
        builder.Property(m => m.SurvivorSnapshot).HasColumnType("jsonb");
        builder.Property(m => m.MergedSnapshot).HasColumnType("jsonb");
        builder.Property(m => m.MovedFileIds).HasColumnType("uuid[]");
        builder.Property(m => m.MovedRecordIds).HasColumnType("uuid[]");

        // "Was this card merged away (and not restored)?" answers the 409 for a second merge of the same card.
        builder.HasIndex(m => m.MergedId).HasFilter("undone_at IS NULL");
        builder.HasIndex(m => m.SurvivorId);
    }
}
