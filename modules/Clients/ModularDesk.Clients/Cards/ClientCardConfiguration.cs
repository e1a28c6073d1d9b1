using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModularDesk.Clients.Identities;

namespace ModularDesk.Clients.Cards;

internal sealed class ClientCardConfiguration : IEntityTypeConfiguration<ClientCard>
{
    /// <summary>Created by the migration (immutable so a generated column and index may use it).</summary>
    public const string UnaccentFunction = "clients.immutable_unaccent";

    public void Configure(EntityTypeBuilder<ClientCard> builder)
    {
        builder.ToTable("clients");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(ClientCard.MaxNameLength);
        builder.Property(c => c.SearchName)
            .HasComputedColumnSql($"{UnaccentFunction}(lower(name))", stored: true);
        builder.Property(c => c.AvatarUrl).HasMaxLength(ClientCard.MaxUrlLength);
        builder.Property(c => c.Language).HasMaxLength(16);
        builder.Property(c => c.Position).HasMaxLength(ClientCard.MaxPositionLength);
        builder.Property(c => c.Note).HasMaxLength(ClientCard.MaxNoteLength);
        builder.Property(c => c.CustomerType).HasMaxLength(ClientCard.MaxCustomerTypeLength);
        builder.Property(c => c.Addresses).HasColumnType("jsonb");
        builder.Property(c => c.CustomFields).HasColumnType("jsonb");
        builder.Property(c => c.Provenance).HasColumnType("jsonb");
        builder.Property(c => c.Version).IsRowVersion();
        builder.HasMany(c => c.Contacts).WithOne().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Cascade);

        builder.HasIndex(c => c.SearchName).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("ix_clients_search_name_trgm");
        builder.HasIndex(c => new { c.OrganizationId, c.Id });
        builder.HasIndex(c => new { c.OwnerAgentId, c.Id });
    }
}

internal sealed class CardContactConfiguration : IEntityTypeConfiguration<CardContact>
{
    public void Configure(EntityTypeBuilder<CardContact> builder)
    {
        builder.ToTable("contacts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Seq).HasDefaultValue(0L);
        builder.Property(c => c.Kind).HasMaxLength(20);
        builder.Property(c => c.Value).HasMaxLength(2000);
        builder.Property(c => c.Display).HasMaxLength(2000);
        builder.Property(c => c.Label).HasMaxLength(100);
        builder.Property(c => c.Source).HasMaxLength(20);
        builder.HasOne(c => c.Identity).WithOne().HasForeignKey<Identity>(i => i.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.ClientId, c.Kind });
    }
}
