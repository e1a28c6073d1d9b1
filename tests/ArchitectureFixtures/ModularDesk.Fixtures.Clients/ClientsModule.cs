using ModularDesk.BuildingBlocks.Modules;

namespace ModularDesk.Fixtures.Clients;

/// <summary>Allowed: the one public type of a module's internals.</summary>
public sealed class ClientsModule : ModuleBase
{
    public override string Name => "Clients";

    /// <summary>Violation: public inside the public module class, so as visible as a top-level public type.</summary>
    public sealed class CardDefaults
    {
        public string DisplayName { get; init; } = "Unknown client";
    }
}
