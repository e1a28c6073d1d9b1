using Microsoft.EntityFrameworkCore.Design;
using ModularDesk.BuildingBlocks.Persistence;

namespace ModularDesk.Clients.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without the host.</summary>
internal sealed class ClientsDesignTimeDbContextFactory : IDesignTimeDbContextFactory<ClientsDbContext>
{
    public ClientsDbContext CreateDbContext(string[] args) =>
        new(ModuleDbContextOptions.BuildForDesignTime<ClientsDbContext>(ClientsDbContext.SchemaName));
}
