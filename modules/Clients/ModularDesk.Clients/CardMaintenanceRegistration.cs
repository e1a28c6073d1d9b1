using Autofac;
using Microsoft.AspNetCore.Routing;
using ModularDesk.BuildingBlocks.Modules;
using ModularDesk.Clients.Duplicates;
using ModularDesk.Clients.ImportExport;
using ModularDesk.Clients.Merging;

namespace ModularDesk.Clients;

/// <summary>Merge and undo, duplicate suggestions, CSV import and export (C13–C15, C21, C8), registered from one place.</summary>
internal static class CardMaintenanceRegistration
{
    public static void RegisterCardMaintenance(this ContainerBuilder builder)
    {
        builder.RegisterType<ClientImport>().InstancePerLifetimeScope();
        builder.RegisterType<DuplicateFinder>().AsSelf().InstancePerLifetimeScope();
        builder.RegisterType<DuplicateFinderSchedule>().As<IStartupTask>().SingleInstance();
    }

    public static void MapCardMaintenanceEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapMergeEndpoints();
        api.MapDuplicateEndpoints();
        api.MapImportEndpoints();
        api.MapExportEndpoints();
    }
}
