using ModularDesk.BuildingBlocks.Modules;

namespace ModularDesk.Fixtures.Clients;

/// <summary>Allowed: the one public type of a module's internals.</summary>
public sealed class ClientsModule : ModuleBase
{
    public override string Name => "Clients";
}
