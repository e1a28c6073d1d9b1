using Autofac;
using ModularDesk.BuildingBlocks.Modules;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Agents.Persistence;

namespace ModularDesk.Agents;

/// <summary>Registers the Agents module with the host.</summary>
public sealed class AgentsModule : ModuleBase
{
    public override string Name => "Agents";

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDbContext<AgentsDbContext>(AgentsDbContext.SchemaName);
    }
}
