using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModularDesk.Agents.Staff;

internal sealed class AgentConfiguration : IEntityTypeConfiguration<Agent>
{
    public void Configure(EntityTypeBuilder<Agent> builder)
    {
        builder.ToTable("agents", t => t.HasCheckConstraint("ck_agents_role", "role IN ('agent', 'admin')"));
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Name).HasMaxLength(AgentRules.MaxNameLength);
        builder.Property(a => a.Email).HasMaxLength(AgentRules.MaxEmailLength);
        builder.HasIndex(a => a.Email).IsUnique();
        builder.Property(a => a.Role).HasMaxLength(20);
    }
}
