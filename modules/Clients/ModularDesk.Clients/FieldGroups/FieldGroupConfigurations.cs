using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModularDesk.Clients.Cards;

namespace ModularDesk.Clients.FieldGroups;

internal sealed class FieldGroupConfiguration : IEntityTypeConfiguration<FieldGroup>
{
    public void Configure(EntityTypeBuilder<FieldGroup> builder)
    {
        builder.ToTable("field_groups");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Key).HasMaxLength(64);
        builder.Property(g => g.Label).HasMaxLength(200);
        builder.Property(g => g.Fields).HasColumnType("jsonb");
        builder.HasIndex(g => g.Key).IsUnique();
    }
}

internal sealed class FieldGroupRecordConfiguration : IEntityTypeConfiguration<FieldGroupRecord>
{
    public void Configure(EntityTypeBuilder<FieldGroupRecord> builder)
    {
        builder.ToTable("field_group_records");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Values).HasColumnType("jsonb");
        builder.HasIndex(r => new { r.ClientId, r.GroupId, r.CreatedAt });
        builder.HasOne<FieldGroup>().WithMany().HasForeignKey(r => r.GroupId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ClientCard>().WithMany().HasForeignKey(r => r.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}
