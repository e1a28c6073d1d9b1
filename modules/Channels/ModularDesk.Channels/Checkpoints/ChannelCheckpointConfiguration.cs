using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModularDesk.Channels.Instances;

namespace ModularDesk.Channels.Checkpoints;

internal sealed class ChannelCheckpointConfiguration : IEntityTypeConfiguration<ChannelCheckpoint>
{
    public void Configure(EntityTypeBuilder<ChannelCheckpoint> builder)
    {
        builder.ToTable("channel_checkpoints");
        builder.HasKey(c => new { c.ChannelId, c.Key });
        builder.Property(c => c.Key).HasMaxLength(200);

        // A deleted channel's checkpoints mean nothing; a channel created later starts afresh.
        builder.HasOne<ChannelInstance>().WithMany().HasForeignKey(c => c.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}
