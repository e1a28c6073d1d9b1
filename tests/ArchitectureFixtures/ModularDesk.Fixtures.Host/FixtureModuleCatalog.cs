using ModularDesk.BuildingBlocks.Modules;
using ModularDesk.Fixtures.Clients;

namespace ModularDesk.Fixtures.Host;

/// <summary>Allowed: the host names a module only to register it.</summary>
internal static class FixtureModuleCatalog
{
    public static IReadOnlyList<ModuleBase> All { get; } = [new ClientsModule()];
}
