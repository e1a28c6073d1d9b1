using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModularDesk.Clients.Panel;

internal sealed class ClientPanelLayoutConfiguration : IEntityTypeConfiguration<ClientPanelLayout>
{
    public void Configure(EntityTypeBuilder<ClientPanelLayout> builder)
    {
        builder.ToTable("client_panel_layout", t => t.HasCheckConstraint("ck_client_panel_layout_singleton", "id = 1"));
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Properties).HasColumnType("text[]");
    }
}
