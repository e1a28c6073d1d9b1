using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModularDesk.Organizations.Cards;

namespace ModularDesk.Organizations.Routing;

internal sealed class RoutingConfiguration :
    IEntityTypeConfiguration<RoutingRule>, IEntityTypeConfiguration<RoundRobinCursor>, IEntityTypeConfiguration<RoutingVersion>
{
    public void Configure(EntityTypeBuilder<RoutingRule> builder)
    {
        builder.ToTable("routing_rules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Name).HasMaxLength(RuleDefinition.MaxNameLength);
        builder.Property(r => r.Conditions).HasColumnType("jsonb");
        builder.Property(r => r.Actions).HasColumnType("jsonb");
        builder.Property(r => r.Version).IsRowVersion();
        builder.HasIndex(r => new { r.OrganizationId, r.Order });
        builder.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<RoundRobinCursor> builder)
    {
        builder.ToTable("round_robin_cursors");
        builder.HasKey(c => c.TeamId);
        builder.Property(c => c.TeamId).ValueGeneratedNever();
    }

    public void Configure(EntityTypeBuilder<RoutingVersion> builder)
    {
        builder.ToTable("routing_version");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.HasData(new RoutingVersion { Id = RoutingVersion.SingletonId, Version = 0 });
    }
}
