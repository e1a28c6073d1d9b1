using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModularDesk.Clients.CustomerTypes;

internal sealed class CustomerTypeConfiguration : IEntityTypeConfiguration<CustomerType>
{
    public void Configure(EntityTypeBuilder<CustomerType> builder)
    {
        builder.ToTable("customer_types");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(CustomerTypeEndpoints.MaxNameLength);
        builder.Property(t => t.NameKey).HasMaxLength(CustomerTypeEndpoints.MaxNameLength);
        builder.HasIndex(t => t.NameKey).IsUnique();
    }
}
