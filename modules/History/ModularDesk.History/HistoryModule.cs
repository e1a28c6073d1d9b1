using Autofac;
using Microsoft.AspNetCore.Routing;
using ModularDesk.BuildingBlocks.Modules;
using ModularDesk.BuildingBlocks.Outbox;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.History.Changes;
using ModularDesk.History.Contracts.Redaction;
using ModularDesk.History.EventLog;
using ModularDesk.History.Outbound;
using ModularDesk.History.Persistence;
using ModularDesk.History.Projection;
using ModularDesk.History.Rebuild;
using ModularDesk.History.Redaction;
using ModularDesk.History.Timeline;

namespace ModularDesk.History;

/// <summary>
/// Registers the History module with the host: the read models projected from Clients, Organizations, Tickets,
/// Channels and Agents events (timelines, change history, outbound history), their event log, rebuild and redaction.
/// </summary>
public sealed class HistoryModule : ModuleBase
{
    public override string Name => "History";

    public override void MapApiEndpoints(IEndpointRouteBuilder api)
    {
        api.MapTimelineEndpoints();
        api.MapChangeEndpoints();
        api.MapOutboundEndpoints();
        api.MapRebuildEndpoints();
    }

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDbContext<HistoryDbContext>(HistoryDbContext.SchemaName);

        builder.RegisterType<HistorySql>().InstancePerLifetimeScope();
        builder.RegisterType<EventLogWriter>().InstancePerLifetimeScope();
        builder.RegisterType<HistoryProjector>().InstancePerLifetimeScope();
        builder.RegisterType<TimelineQuery>().InstancePerLifetimeScope();
        builder.RegisterType<HistoryRebuild>().AsSelf().InstancePerLifetimeScope();
        builder.RegisterType<HistoryRedaction>().As<IHistoryRedaction>().InstancePerLifetimeScope();

        foreach (var eventType in HistoryEvents.All)
        {
            builder.RegisterType(typeof(HistoryEventHandler<>).MakeGenericType(eventType))
                .As(typeof(IIntegrationEventHandler<>).MakeGenericType(eventType))
                .InstancePerLifetimeScope();
        }
    }
}
