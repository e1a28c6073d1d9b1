using Autofac;
using Microsoft.AspNetCore.Routing;
using ModularDesk.BuildingBlocks.Modules;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Clients.Persistence;

namespace ModularDesk.Clients;

/// <summary>Registers the Clients module with the host.</summary>
public sealed class ClientsModule : ModuleBase
{
    public override string Name => "Clients";

    public override void MapApiEndpoints(IEndpointRouteBuilder api)
    {
        api.MapCardDetailsEndpoints();
    }

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDbContext<ClientsDbContext>(ClientsDbContext.SchemaName);
        builder.RegisterCardDetails();
    }
}
