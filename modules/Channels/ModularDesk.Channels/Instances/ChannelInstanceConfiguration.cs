using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModularDesk.Channels.Instances;

internal sealed class ChannelInstanceConfiguration : IEntityTypeConfiguration<ChannelInstance>
{
    public void Configure(EntityTypeBuilder<ChannelInstance> builder)
    {
        builder.ToTable("channel_instances");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.PluginId).HasMaxLength(100);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Settings).HasColumnType("jsonb");
        builder.Property(c => c.Secrets).HasColumnType("jsonb");
        builder.Property(c => c.Version).IsRowVersion();
        builder.Ignore(c => c.IsBuiltIn);
        builder.HasIndex(c => c.PluginId);
    }
}
