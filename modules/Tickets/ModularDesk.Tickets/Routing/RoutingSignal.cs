using ModularDesk.BuildingBlocks.Background;

namespace ModularDesk.Tickets.Routing;

/// <summary>New tickets are waiting in <c>tickets.routing_queue</c>.</summary>
internal sealed class RoutingSignal : WakeSignal;
