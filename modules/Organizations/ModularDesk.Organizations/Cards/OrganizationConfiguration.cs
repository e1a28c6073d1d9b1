using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModularDesk.Organizations.Cards;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>, IEntityTypeConfiguration<OrganizationDomain>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("organizations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Name).HasMaxLength(OrganizationRules.MaxNameLength);
        builder.Property(o => o.SearchName).HasMaxLength(OrganizationRules.MaxNameLength);
        builder.Property(o => o.Note).HasMaxLength(OrganizationRules.MaxNoteLength);
        builder.Property(o => o.CustomerType).HasMaxLength(100);
        builder.Property(o => o.Sites).HasColumnType("jsonb");
        builder.Property(o => o.Phones).HasColumnType("jsonb");
        builder.Property(o => o.Address).HasColumnType("jsonb");
        builder.Property(o => o.CustomFields).HasColumnType("jsonb");
        builder.Property(o => o.Version).IsRowVersion();
        // Name search (GET /organizations?q=, client search by organization name): trigram index on exactly the
        // column queried, so neither LIKE '%…%' nor word similarity scans the table.
        builder.HasIndex(o => o.SearchName, "ix_organizations_search_name_trgm").HasDatabaseName("ix_organizations_search_name_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        // Queries shorter than a trigram are prefix matches.
        builder.HasIndex(o => o.SearchName, "ix_organizations_search_name_prefix").HasDatabaseName("ix_organizations_search_name_prefix").HasOperators("text_pattern_ops");
        builder.HasIndex(o => o.OwnerAgentId);
        builder.HasMany(o => o.Domains).WithOne().HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<OrganizationDomain> builder)
    {
        builder.ToTable("organization_domains");
        builder.HasKey(d => d.Domain);
        builder.Property(d => d.Domain).HasMaxLength(OrganizationRules.MaxDomainLength);
        builder.HasIndex(d => d.OrganizationId);
    }
}
