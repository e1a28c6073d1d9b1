using ModularDesk.BuildingBlocks.Modules;

namespace ModularDesk.Fixtures.Tickets;

public sealed class TicketsModule : ModuleBase
{
    public override string Name => "Tickets";
}
