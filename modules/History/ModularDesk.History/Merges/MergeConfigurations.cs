using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModularDesk.History.Merges;

internal sealed class ClientMergeConfiguration : IEntityTypeConfiguration<ClientMerge>
{
    public void Configure(EntityTypeBuilder<ClientMerge> builder)
    {
        builder.ToTable("merges");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.HasIndex(m => m.MergedId).HasDatabaseName("ix_merges_merged_active").HasFilter("NOT undone");
    }
}

internal sealed class MergeMoveConfiguration : IEntityTypeConfiguration<MergeMove>
{
    public void Configure(EntityTypeBuilder<MergeMove> builder)
    {
        builder.ToTable("merge_moves");
        builder.HasKey(m => new { m.MergeId, m.RowKind, m.RowId });
        builder.Property(m => m.RowKind).HasMaxLength(16);
        builder.HasIndex(m => m.RowId).HasDatabaseName("ix_merge_moves_row");
    }
}
