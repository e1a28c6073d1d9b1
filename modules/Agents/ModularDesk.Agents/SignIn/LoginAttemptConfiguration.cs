using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModularDesk.Agents.Staff;

namespace ModularDesk.Agents.SignIn;

internal sealed class LoginAttemptConfiguration : IEntityTypeConfiguration<LoginAttempt>
{
    public void Configure(EntityTypeBuilder<LoginAttempt> builder)
    {
        builder.ToTable("login_attempts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).UseIdentityAlwaysColumn();
        builder.Property(a => a.Email).HasMaxLength(AgentRules.MaxEmailLength);
        builder.Property(a => a.Ip).HasMaxLength(64);
        builder.HasIndex(a => new { a.Email, a.At });
        builder.HasIndex(a => new { a.Ip, a.At });
    }
}
