using Autofac;
using ModularDesk.BuildingBlocks.Modules;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.History.Persistence;

namespace ModularDesk.History;

/// <summary>Registers the History module with the host.</summary>
public sealed class HistoryModule : ModuleBase
{
    public override string Name => "History";

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDbContext<HistoryDbContext>(HistoryDbContext.SchemaName);
    }
}
