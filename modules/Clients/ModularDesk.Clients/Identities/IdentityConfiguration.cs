using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModularDesk.Clients.Cards;

namespace ModularDesk.Clients.Identities;

internal sealed class IdentityConfiguration : IEntityTypeConfiguration<Identity>
{
    public const string UniqueIndexName = "ux_identities_kind_scope_key";

    public void Configure(EntityTypeBuilder<Identity> builder)
    {
        builder.ToTable("identities");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Kind).HasMaxLength(20);
        builder.Property(i => i.Scope).HasMaxLength(100);
        builder.Property(i => i.Key).HasMaxLength(1000);
        builder.HasIndex(i => new { i.Kind, i.Scope, i.Key }).IsUnique().HasDatabaseName(UniqueIndexName);
        builder.HasOne<ClientCard>().WithMany().HasForeignKey(i => i.ClientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => i.ClientId);
        builder.HasIndex(i => i.ContactId).IsUnique();
    }
}
