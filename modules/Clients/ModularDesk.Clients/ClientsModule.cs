using Autofac;
using ModularDesk.BuildingBlocks.Modules;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Clients.Persistence;

namespace ModularDesk.Clients;

/// <summary>Registers the Clients module with the host.</summary>
public sealed class ClientsModule : ModuleBase
{
    public override string Name => "Clients";

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDbContext<ClientsDbContext>(ClientsDbContext.SchemaName);
    }
}
