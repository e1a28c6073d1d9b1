using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModularDesk.Clients.Cards;

namespace ModularDesk.Clients.Files;

internal sealed class ClientFileConfiguration : IEntityTypeConfiguration<ClientFile>
{
    public void Configure(EntityTypeBuilder<ClientFile> builder)
    {
        builder.ToTable("client_files");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Name).HasMaxLength(ClientFileNames.MaxLength);
        builder.Property(f => f.ContentType).HasMaxLength(100);
        builder.Property(f => f.StorageKey).HasMaxLength(64);
        builder.HasIndex(f => new { f.ClientId, f.CreatedAt });

        // Deleting a card (C16) removes its files' rows; a merge moves them before the other card goes.
        builder.HasOne<ClientCard>().WithMany().HasForeignKey(f => f.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}
