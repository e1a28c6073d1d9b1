using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModularDesk.Clients.CustomFields;

internal sealed class CustomFieldDefinitionConfiguration : IEntityTypeConfiguration<CustomFieldDefinition>
{
    public void Configure(EntityTypeBuilder<CustomFieldDefinition> builder)
    {
        builder.ToTable("custom_fields");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Entity).HasMaxLength(20);
        builder.Property(f => f.Key).HasMaxLength(64);
        builder.Property(f => f.Label).HasMaxLength(FieldDefinitionRules.MaxLabelLength);
        builder.Property(f => f.Type).HasMaxLength(20);
        builder.Property(f => f.Options).HasColumnType("text[]");
        builder.HasIndex(f => new { f.Entity, f.Key }).IsUnique();
    }
}
