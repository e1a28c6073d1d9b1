using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModularDesk.Organizations.Settings;

internal sealed class DeskSettingConfiguration : IEntityTypeConfiguration<DeskSetting>
{
    public void Configure(EntityTypeBuilder<DeskSetting> builder)
    {
        builder.ToTable("settings");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(50);
        builder.Property(s => s.Value).HasColumnType("jsonb");
    }
}
