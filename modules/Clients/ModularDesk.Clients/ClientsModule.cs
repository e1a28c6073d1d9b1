using Autofac;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModularDesk.BuildingBlocks.Modules;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Clients.Avatars;
using ModularDesk.Clients.Cards;
using ModularDesk.Clients.Contracts.Directory;
using ModularDesk.Clients.Directory;
using ModularDesk.Clients.Identities;
using ModularDesk.Clients.Language;
using ModularDesk.Clients.Outreach;
using ModularDesk.Clients.Persistence;
using ModularDesk.Clients.Search;
using ModularDesk.Clients.SenderLists;
using ModularDesk.Clients.Contracts.Resolution;
using ModularDesk.Clients.Resolution;

namespace ModularDesk.Clients;

/// <summary>Registers the Clients module with the host.</summary>
public sealed class ClientsModule : ModuleBase
{
    public override string Name => "Clients";

    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpClient(AvatarCheck.HttpClientName);
    }

    public override void MapApiEndpoints(IEndpointRouteBuilder api)
    {
        api.MapCardEndpoints();
        api.MapClientListEndpoints();
        api.MapSearchEndpoints();
        api.MapContactEndpoints();
        api.MapSenderListEndpoints();
        api.MapOutreachEndpoints();
        api.MapCardDetailsEndpoints();
        api.MapCardMaintenanceEndpoints();
    }

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDbContext<ClientsDbContext>(ClientsDbContext.SchemaName);

        builder.RegisterType<PhoneNumberReader>().SingleInstance();
        builder.RegisterType<ContactNormalizer>().SingleInstance();
        builder.RegisterType<CardEditor>().InstancePerLifetimeScope();
        builder.RegisterType<Gravatar>().SingleInstance();
        builder.RegisterType<AvatarCheck>().AsSelf().InstancePerLifetimeScope();
        builder.RegisterType<AvatarSweepSignal>().SingleInstance();
        builder.Register(c => AvatarSweepOptions.From(c.Resolve<IConfiguration>())).SingleInstance();
        builder.RegisterType<AvatarSweep>().AsSelf().As<IHostedService>().SingleInstance();

        builder.RegisterType<ClientLanguageDetector>().SingleInstance();
        builder.RegisterType<ClientSenderResolver>().As<IClientSenderResolver>().InstancePerLifetimeScope();
        builder.RegisterType<ClientDirectory>().As<IClientDirectory>().InstancePerLifetimeScope();
        builder.RegisterType<ClientOrganizationMembership>().As<IClientOrganizationMembership>().InstancePerLifetimeScope();
        builder.RegisterType<ClientSearch>().InstancePerLifetimeScope();

        builder.RegisterCardDetails();
        builder.RegisterCardMaintenance();
    }
}
