using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModularDesk.History.Tickets;

internal sealed class TicketFactsConfiguration : IEntityTypeConfiguration<TicketFacts>
{
    public void Configure(EntityTypeBuilder<TicketFacts> builder)
    {
        builder.ToTable("tickets");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.ChannelType).HasMaxLength(64);
        builder.Property(t => t.Rating).HasMaxLength(16);
    }
}
