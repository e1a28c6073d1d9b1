using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModularDesk.History.Names;

internal sealed class KnownNameConfiguration : IEntityTypeConfiguration<KnownName>
{
    public void Configure(EntityTypeBuilder<KnownName> builder)
    {
        builder.ToTable("names", t => t.HasCheckConstraint("ck_names_kind", "kind IN ('client', 'agent', 'organization')"));
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Kind).HasMaxLength(16);
    }
}
