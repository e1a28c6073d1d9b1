using ModularDesk.Agents;
using ModularDesk.BuildingBlocks.Modules;
using ModularDesk.Channels;
using ModularDesk.Clients;
using ModularDesk.Compliance;
using ModularDesk.History;
using ModularDesk.Organizations;
using ModularDesk.Tickets;

namespace ModularDesk.Host.Composition;

/// <summary>The one place that names every module. Order matters only for start-up tasks' ties.</summary>
internal static class ModuleCatalog
{
    public static IReadOnlyList<ModuleBase> All { get; } =
    [
        new AgentsModule(),
        new ChannelsModule(),
        new ClientsModule(),
        new OrganizationsModule(),
        new TicketsModule(),
        new HistoryModule(),
        new ComplianceModule(),
    ];
}
