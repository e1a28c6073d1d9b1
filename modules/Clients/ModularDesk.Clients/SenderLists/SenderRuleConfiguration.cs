using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModularDesk.Clients.SenderLists;

internal sealed class SenderRuleConfiguration : IEntityTypeConfiguration<SenderRule>
{
    public void Configure(EntityTypeBuilder<SenderRule> builder)
    {
        builder.ToTable("sender_rules", t => t.HasCheckConstraint("ck_sender_rules_list", "list IN ('block', 'allow')"));
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.List).HasMaxLength(10);
        builder.Property(r => r.Value).HasMaxLength(320);
        builder.HasIndex(r => new { r.Value, r.List }).IsUnique();
    }
}
