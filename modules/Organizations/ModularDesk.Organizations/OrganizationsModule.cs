using Autofac;
using Microsoft.AspNetCore.Routing;
using ModularDesk.BuildingBlocks.Modules;
using ModularDesk.BuildingBlocks.Outbox;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Clients.Contracts.Ports;
using ModularDesk.Organizations.Cards;
using ModularDesk.Organizations.Contracts.Directory;
using ModularDesk.Organizations.Contracts.Events;
using ModularDesk.Organizations.Contracts.Routing;
using ModularDesk.Organizations.Domains;
using ModularDesk.Organizations.Members;
using ModularDesk.Organizations.Persistence;
using ModularDesk.Organizations.Routing;
using ModularDesk.Organizations.Settings;

namespace ModularDesk.Organizations;

/// <summary>Registers the Organizations module: organization cards, domains (O2 lookup for Clients), members, routing rules.</summary>
public sealed class OrganizationsModule : ModuleBase
{
    public override string Name => "Organizations";

    public override void MapApiEndpoints(IEndpointRouteBuilder api)
    {
        api.MapOrganizationEndpoints();
        api.MapMemberEndpoints();
        api.MapSettingsEndpoints();
        api.MapRoutingRuleEndpoints();
    }

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDbContext<OrganizationsDbContext>(OrganizationsDbContext.SchemaName);

        builder.RegisterType<SettingsStore>().SingleInstance();
        builder.RegisterType<CardChecks>().InstancePerLifetimeScope();
        builder.RegisterType<DomainCandidates>().InstancePerLifetimeScope();
        builder.RegisterType<OrganizationDirectory>().As<IOrganizationDirectory>().InstancePerLifetimeScope();
        builder.RegisterType<OrganizationLookup>().As<IOrganizationLookup>().InstancePerLifetimeScope();
        builder.RegisterType<DeletedOrganizationLeavesItsPeople>().As<IIntegrationEventHandler<OrganizationDeleted>>()
            .InstancePerLifetimeScope();

        builder.RegisterType<RoutingRuleCache>().SingleInstance();
        builder.RegisterType<RoundRobin>().SingleInstance();
        builder.RegisterType<TeamRosters>().SingleInstance();
        builder.RegisterType<RuleReferences>().InstancePerLifetimeScope();
        builder.RegisterType<TicketRouter>().As<ITicketRouter>().InstancePerLifetimeScope();
    }
}
