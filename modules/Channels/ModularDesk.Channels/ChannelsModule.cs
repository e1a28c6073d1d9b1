using Autofac;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Channels.Connectors;
using ModularDesk.Channels.Contracts.Inbox;
using ModularDesk.Channels.Inbound;
using ModularDesk.Channels.Inbox;
using ModularDesk.Channels.Instances;
using ModularDesk.Channels.Outbound;
using ModularDesk.Channels.Contracts.Outbound;
using Microsoft.Extensions.Hosting;
using ModularDesk.Channels.Persistence;
using ModularDesk.Channels.Plugins;
using ModularDesk.Channels.Plugins.Supervision;
using ModularDesk.Channels.Secrets;
using ModularDesk.Channels.Webhooks;
using ModularDesk.BuildingBlocks.Modules;

namespace ModularDesk.Channels;

/// <summary>Registers the Channels module with the host.</summary>
public sealed class ChannelsModule : ModuleBase
{
    /// <summary>Shared by every host of one desk, so any host can read secrets another host encrypted.</summary>
    public const string DataProtectionApplicationName = "ModularDesk";

    public override string Name => "Channels";

    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        // The key ring lives in channels.data_protection_keys: every host shares it, and it survives a lost data directory.
        services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<ChannelsDbContext>();
        services.AddHttpClient();
    }

    public override void MapApiEndpoints(IEndpointRouteBuilder api)
    {
        PluginRegistration.MapPluginEndpoints(api);
        api.MapChannelEndpoints();
        api.MapInboundEndpoints();
    }

    public override void MapPublicEndpoints(IEndpointRouteBuilder app) => app.MapWebhookEndpoints();

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDbContext<ChannelsDbContext>(ChannelsDbContext.SchemaName);
        builder.RegisterPlugins();

        builder.RegisterType<ChannelSecretProtector>().SingleInstance();
        builder.RegisterType<SecretSettingKeys>().SingleInstance();
        builder.RegisterType<ChannelSettingsEditor>().SingleInstance();
        builder.RegisterType<ChannelSupervision>().SingleInstance();

        builder.RegisterType<InboxWriter>().SingleInstance(); // group commit: one queue per host
        builder.RegisterType<InboxStore>().As<IInbox>().SingleInstance();

        builder.RegisterType<ChannelContextFactory>().As<IChannelContextFactory>().SingleInstance();
        builder.RegisterType<PullingChannelSource>().As<IPullingChannelSource>().SingleInstance();

        builder.RegisterType<ContactStates>().SingleInstance();
        builder.RegisterType<OutboundSignal>().SingleInstance();
        builder.RegisterType<OutboundClaims>().SingleInstance();
        builder.RegisterType<OutboundStatusWriter>().InstancePerLifetimeScope();
        builder.RegisterType<OutboundQueue>().As<IOutboundQueue>().InstancePerLifetimeScope();
        builder.RegisterType<ContactReachability>().As<IContactReachability>().InstancePerLifetimeScope();
        builder.RegisterType<ConsentRegistry>().As<IConsentRegistry>().InstancePerLifetimeScope();
        builder.RegisterType<OutboundSender>().AsSelf().As<IHostedService>().SingleInstance();
    }
}
