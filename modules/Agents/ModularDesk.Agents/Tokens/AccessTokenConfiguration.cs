using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModularDesk.Agents.Staff;

namespace ModularDesk.Agents.Tokens;

internal sealed class AccessTokenConfiguration : IEntityTypeConfiguration<AccessToken>
{
    public void Configure(EntityTypeBuilder<AccessToken> builder)
    {
        builder.ToTable("access_tokens", t => t.HasCheckConstraint("ck_access_tokens_kind", "kind IN ('session', 'api')"));
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Kind).HasMaxLength(20);
        builder.Property(t => t.Name).HasMaxLength(AgentRules.MaxNameLength);

        // Every authenticated request looks its token up by hash.
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => t.AgentId);
        builder.HasOne<Agent>().WithMany().HasForeignKey(t => t.AgentId).OnDelete(DeleteBehavior.Cascade);
    }
}
