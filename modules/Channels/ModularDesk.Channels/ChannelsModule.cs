using Autofac;
using ModularDesk.BuildingBlocks.Modules;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Channels.Persistence;

namespace ModularDesk.Channels;

/// <summary>Registers the Channels module with the host.</summary>
public sealed class ChannelsModule : ModuleBase
{
    public override string Name => "Channels";

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDbContext<ChannelsDbContext>(ChannelsDbContext.SchemaName);
    }
}
