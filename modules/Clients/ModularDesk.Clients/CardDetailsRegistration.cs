using Autofac;
using Microsoft.AspNetCore.Routing;
using ModularDesk.Clients.CardChanges;
using ModularDesk.Clients.Contracts.CustomerTypes;
using ModularDesk.Clients.Contracts.CustomFields;
using ModularDesk.Clients.CustomerTypes;
using ModularDesk.Clients.CustomFields;
using ModularDesk.Clients.FieldGroups;
using ModularDesk.Clients.Files;
using ModularDesk.Clients.Panel;

namespace ModularDesk.Clients;

/// <summary>
/// Custom fields, special-field groups, the details panel, customer types and files (C17, C18, O8): registered and
/// mapped from one place so <see cref="ClientsModule"/> stays a short list.
/// </summary>
internal static class CardDetailsRegistration
{
    public static void RegisterCardDetails(this ContainerBuilder builder)
    {
        builder.RegisterType<CustomFieldValidator>().As<ICustomFieldValidator>().InstancePerLifetimeScope();
        builder.RegisterType<CustomerTypeCatalog>().As<ICustomerTypeCatalog>().InstancePerLifetimeScope();
        builder.RegisterType<ExistingCards>().InstancePerLifetimeScope();
    }

    public static void MapCardDetailsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapCustomFieldEndpoints();
        api.MapFieldGroupEndpoints();
        api.MapClientPanelEndpoints();
        api.MapCustomerTypeEndpoints();
        api.MapClientFileEndpoints();
    }
}
