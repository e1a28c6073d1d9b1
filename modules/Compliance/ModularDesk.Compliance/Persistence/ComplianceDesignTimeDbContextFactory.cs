using Microsoft.EntityFrameworkCore.Design;
using ModularDesk.BuildingBlocks.Persistence;

namespace ModularDesk.Compliance.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without the host.</summary>
internal sealed class ComplianceDesignTimeDbContextFactory : IDesignTimeDbContextFactory<ComplianceDbContext>
{
    public ComplianceDbContext CreateDbContext(string[] args) =>
        new(ModuleDbContextOptions.BuildForDesignTime<ComplianceDbContext>(ComplianceDbContext.SchemaName));
}
