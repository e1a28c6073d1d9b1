using Autofac;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using ModularDesk.BuildingBlocks.Modules;
using ModularDesk.BuildingBlocks.Outbox;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Clients.Contracts.Ports;
using ModularDesk.Organizations.Contracts.Routing;
using ModularDesk.Tickets.Ingestion;
using ModularDesk.Tickets.Lifecycle;
using ModularDesk.Tickets.Panel;
using ModularDesk.Tickets.Tickets;
using ModularDesk.Tickets.Messages;
using ModularDesk.Tickets.Persistence;
using ModularDesk.Tickets.Routing;

namespace ModularDesk.Tickets;

/// <summary>Registers the Tickets module with the host: tickets, messages, ingestion of the inbox, routing.</summary>
public sealed class TicketsModule : ModuleBase
{
    public override string Name => "Tickets";

    public override void MapApiEndpoints(IEndpointRouteBuilder api)
    {
        api.MapTicketEndpoints();
        api.MapMessageEndpoints();
        api.MapClientPanelEndpoint();
    }

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDbContext<TicketsDbContext>(TicketsDbContext.SchemaName);

        builder.Register(c => IngestionOptions.From(c.Resolve<IConfiguration>())).SingleInstance();
        builder.RegisterType<MessageHtml>().SingleInstance();
        builder.RegisterType<IngestionSignal>().SingleInstance();
        builder.RegisterType<RoutingSignal>().SingleInstance();
        builder.RegisterType<IngestionWriter>().SingleInstance();
        builder.RegisterType<IngestionProcessor>().SingleInstance();
        builder.RegisterType<IngestionSweep>().AsSelf().InstancePerLifetimeScope();
        builder.RegisterType<IngestionSweepSchedule>().As<IStartupTask>().SingleInstance();
        builder.RegisterType<IngestionWorker>().As<IHostedService>().SingleInstance();
        builder.RegisterType<InboundMessageReceivedHandler>().AsImplementedInterfaces().InstancePerLifetimeScope();

        builder.RegisterType<TicketRouting>().SingleInstance();
        builder.RegisterType<IngestionRouting>().SingleInstance();
        builder.RegisterType<RoutingWorker>().AsSelf().As<IHostedService>().SingleInstance();

        builder.RegisterType<ClientDeletedHandler>().AsImplementedInterfaces().InstancePerLifetimeScope();
        builder.RegisterType<ClientsMergedHandler>().AsImplementedInterfaces().InstancePerLifetimeScope();
        builder.RegisterType<ClientMergeUndoneHandler>().AsImplementedInterfaces().InstancePerLifetimeScope();
        builder.RegisterType<ClientOrganizationChangedHandler>().AsImplementedInterfaces().InstancePerLifetimeScope();
        builder.RegisterType<OutboundStatusChangedHandler>().AsImplementedInterfaces().InstancePerLifetimeScope();

        builder.RegisterType<ClientActivity>().As<IClientActivity>().InstancePerLifetimeScope();
        builder.RegisterType<AgentWorkload>().As<IAgentWorkload>().InstancePerLifetimeScope();
    }
}
