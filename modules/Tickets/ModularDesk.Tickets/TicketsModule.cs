using Autofac;
using ModularDesk.BuildingBlocks.Modules;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Tickets.Persistence;

namespace ModularDesk.Tickets;

/// <summary>Registers the Tickets module with the host.</summary>
public sealed class TicketsModule : ModuleBase
{
    public override string Name => "Tickets";

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDbContext<TicketsDbContext>(TicketsDbContext.SchemaName);
    }
}
