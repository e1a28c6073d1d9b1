using Autofac;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModularDesk.BuildingBlocks.Modules;
using ModularDesk.Channels.Plugins.Supervision;
using ModularDesk.Channels.Plugins.Webhooks;

namespace ModularDesk.Channels.Plugins;

/// <summary>The plugin feature's entry points for <c>ChannelsModule</c>: its registrations and its routes.</summary>
internal static class PluginRegistration
{
    public static void RegisterPlugins(this ContainerBuilder builder)
    {
        builder.Register(c => PluginDirectory.From(c.Resolve<IConfiguration>())).SingleInstance();
        builder.RegisterType<PluginCatalog>()
            .UsingConstructor(typeof(PluginDirectory), typeof(ILogger<PluginCatalog>))
            .SingleInstance();
        builder.RegisterType<PluginCatalogWarmUp>().As<IStartupTask>();
        builder.RegisterType<PostgresChannelLease>().As<IChannelLease>().SingleInstance();
        builder.RegisterType<PullingChannels>().AsSelf().As<IHostedService>().SingleInstance();
        builder.RegisterType<ChannelConnectors>().SingleInstance();
        builder.RegisterType<WebhookDispatcher>().SingleInstance();
    }

    /// <summary>Maps the plugin routes on the <c>/api/v1</c> group.</summary>
    public static void MapPluginEndpoints(IEndpointRouteBuilder api) => api.MapPluginEndpoints();
}
