using Autofac;
using Microsoft.AspNetCore.Routing;
using ModularDesk.BuildingBlocks.Modules;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Channels.Persistence;
using ModularDesk.Channels.Plugins;

namespace ModularDesk.Channels;

/// <summary>Registers the Channels module with the host.</summary>
public sealed class ChannelsModule : ModuleBase
{
    public override string Name => "Channels";

    public override void MapApiEndpoints(IEndpointRouteBuilder api) => PluginRegistration.MapPluginEndpoints(api);

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDbContext<ChannelsDbContext>(ChannelsDbContext.SchemaName);
        builder.RegisterPlugins();
    }
}
