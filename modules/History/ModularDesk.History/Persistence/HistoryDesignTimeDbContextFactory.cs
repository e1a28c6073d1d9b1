using Microsoft.EntityFrameworkCore.Design;
using ModularDesk.BuildingBlocks.Persistence;

namespace ModularDesk.History.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without the host.</summary>
internal sealed class HistoryDesignTimeDbContextFactory : IDesignTimeDbContextFactory<HistoryDbContext>
{
    public HistoryDbContext CreateDbContext(string[] args) =>
        new(ModuleDbContextOptions.BuildForDesignTime<HistoryDbContext>(HistoryDbContext.SchemaName));
}
