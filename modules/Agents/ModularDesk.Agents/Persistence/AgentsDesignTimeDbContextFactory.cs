using Microsoft.EntityFrameworkCore.Design;
using ModularDesk.BuildingBlocks.Persistence;

namespace ModularDesk.Agents.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without the host.</summary>
internal sealed class AgentsDesignTimeDbContextFactory : IDesignTimeDbContextFactory<AgentsDbContext>
{
    public AgentsDbContext CreateDbContext(string[] args) =>
        new(ModuleDbContextOptions.BuildForDesignTime<AgentsDbContext>(AgentsDbContext.SchemaName));
}
